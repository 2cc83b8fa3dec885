import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { sendBehindThePage, shownOnChat } from '../helpers/chat-page';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

const PHONE = { width: 390, height: 844 };
/** Spanish in a bot message: its words or its marks. */
const SPANISH = /[áéíóúñ¿¡]|\b(?:de|la|el|que|su|para|por|usted|le|es|una|llame)\b/i;

describeInBrowser('Patient chat page in Spanish, in Chromium at phone size', () => {
  let fd: Frontdesk;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await fd?.close();
  });

  /** A new patient's phone, its browser set to `locale`. */
  async function openChat(locale: string): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale });
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(`${fd.server.url}/chat`);
    return page;
  }

  const shown = shownOnChat;

  async function send(page: Page, text: string): Promise<void> {
    await page.locator('#text').fill(text);
    await page.keyboard.press('Enter');
  }

  /** Every bot message on the page has Spanish in it: none is English only. */
  async function noEnglishOnly(page: Page): Promise<void> {
    const bot = await page.locator('#log li[data-author="bot"]').allTextContents();
    expect(bot.length).toBeGreaterThan(0);
    expect(bot.filter((text) => !SPANISH.test(text.replace(/^Asistente/, '')))).toEqual([]);
  }

  test('when a Spanish browser opens the page, then it is in Spanish (lang, heading, input, buttons) and the hours are answered in Spanish', async () => {
    const page = await openChat('es-US');
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Escriba a Maple Street Family Practice');
    expect(await page.getByText(/No es para emergencias: si tiene una, llame al 911/).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Cómo tratamos su información' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Enviar' }).isVisible()).toBe(true);
    await send(page, '¿cuál es su horario entre semana?');
    await shown(page, page.getByText(/¿Le sirvió\?/));
    expect(await page.locator('#log li[data-author="bot"]').first().textContent()).toMatch(/Soy el asistente automático/);
    expect(await page.locator('#log').textContent()).toMatch(/de lunes a viernes de 8:00 a\. m\. a 5:30 p\. m\./);
    expect(await page.locator('#log li[data-author="patient"] .who').first().textContent()).toBe('Usted');
    await page.getByRole('button', { name: 'Sí, gracias' }).click();
    await shown(page, page.getByText(/¡Qué bien!/));
    await noEnglishOnly(page);
  });

  test('when a Spanish patient books an appointment, then every step is in Spanish, by button and by typing, and the front desk gets it', async () => {
    const page = await openChat('es-MX');
    await send(page, 'cita');
    await shown(page, page.getByRole('button', { name: 'Hacer una cita' }));
    await page.getByRole('button', { name: 'Hacer una cita' }).click();
    await shown(page, page.getByText(/¿A nombre de quién es la cita\?/));
    await send(page, 'Rosa Martínez');
    await shown(page, page.getByText(/¿Y su fecha de nacimiento\?/));
    await send(page, '4 de marzo de 1980');
    await shown(page, page.getByRole('button', { name: 'Aquí está bien' }));
    await page.getByRole('button', { name: 'Aquí está bien' }).click();
    await shown(page, page.getByText(/¿Qué días y horas le quedan mejor\?/));
    await send(page, 'jueves en la tarde');
    await shown(page, page.getByText(/¿para qué es la consulta\?/));
    await send(page, 'seguimiento');
    await shown(page, page.getByText(/Por favor, revise:/));
    await page.getByRole('button', { name: 'Sí, enviar' }).click();
    await shown(page, page.getByText(/Envié esto a nuestra recepción/));
    await noEnglishOnly(page);
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ route: string; intent: string }> };
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ route: 'request', intent: 'appointment' })]));
  });

  test('when a Spanish patient asks for a refill and then reports an emergency, then both are answered in Spanish and 911 is on screen', async () => {
    const page = await openChat('es-US');
    await send(page, 'necesito que me resurtan la receta de mi medicina');
    await shown(page, page.getByText(/¿Qué medicamento\(s\) necesita resurtir\?/));
    await send(page, 'metformina 500 mg');
    await shown(page, page.getByText(/¿A qué farmacia se la enviamos\?/));
    await send(page, 'CVS de la avenida 4');
    await shown(page, page.getByText(/¿Cuál es el nombre completo del paciente/));
    await send(page, 'Rosa Martínez');
    await shown(page, page.getByText(/¿Y su fecha de nacimiento\?/));
    await send(page, '4/3/1980');
    await shown(page, page.getByText(/¿A qué número le podemos llamar\?/));
    await send(page, '555 010 0123');
    await shown(page, page.getByText(/Por favor, revise:/));
    await send(page, 'sí');
    await shown(page, page.getByText(/Envié su solicitud de resurtido/));
    await send(page, 'mi mamá se desmayó y no responde');
    await shown(page, page.getByText(/Llame al 911 ahora/));
    expect(await page.getByText(/Llame al 911 ahora/).isVisible()).toBe(true);
    await noEnglishOnly(page);
  });

  test('when an English browser writes in Spanish, then the page follows the conversation into Spanish, and back on a new conversation', async () => {
    const page = await openChat('en-US');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await send(page, '¿dónde están ubicados?');
    await shown(page, page.getByText(/412 Maple Street/));
    await page.waitForFunction(`document.documentElement.lang === 'es'`);
    expect(await page.getByRole('button', { name: 'Enviar' }).isVisible()).toBe(true);
    expect(await page.getByPlaceholder('Escriba un mensaje').isVisible()).toBe(true);
    // The page asks before it discards the conversation, in the conversation's language.
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => void d.accept().then(() => resolve(d.message()))));
    await page.getByRole('button', { name: 'Empezar una conversación nueva' }).click();
    expect(await asked).toMatch(/^¿Empezar una conversación nueva\?/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
  });

  test('when a Spanish patient pastes a text that is too long, then the count and the message are in Spanish', async () => {
    const page = await openChat('es-US');
    await page.locator('#text').fill('a'.repeat(2500));
    expect(await page.locator('#count').textContent()).toBe('2,500 / 2,000 caracteres');
    await page.keyboard.press('Enter');
    await page.getByText(/Su mensaje tiene 2,500 caracteres; el límite es 2,000/).waitFor();
  });

  test('when a Spanish patient sends faster than the limit allows, then the page says in Spanish when to try again and to call 911', async () => {
    const page = await openChat('es-US');
    await send(page, 'hola');
    await shown(page, page.getByText(/¿En qué le puedo ayudar\?/));
    await sendBehindThePage(page, fd.server.url, 'gracias');
    await send(page, 'una pregunta más');
    await page.getByText(/Inténtelo de nuevo en \d+ segundos \(a las .+\)\. Si es una emergencia, llame al 911 ahora\./).waitFor();
    expect(await page.locator('#text').inputValue()).toBe('una pregunta más');
  });
});
