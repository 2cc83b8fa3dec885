import { ActivityHandler, type Activity, type TurnContext } from 'botbuilder';
import type { Escalation } from '../escalation/escalation-repo';
import { activeHolder, type StaffDirectory } from '../escalation/access';
import type { KnowledgeBase } from '../faq/knowledge-base';
import { openingHoursAnswer } from '../faq/opening-hours-answer';
import { formatWhen } from '../faq/time-phrases';
import type { Logger } from '../platform/logger';
import { dueAt } from '../practice/business-hours';
import type { PracticeProfile } from '../practice/practice-profile';
import type { Conversation } from '../conversation/conversation-repo';
import { outgoing, readInboundMeta } from '../conversation/turn-meta';
import { channelLimitsOf } from '../conversation/outbox/outbox-adapter';
import type { ConversationStore } from '../conversation/conversation-store';
import { kindRepeatingPatient } from '../conversation/patient-outbox';
import type { EscalationStore } from '../escalation/escalation-store';
import { medicineMentions } from '../triage/medicine-mentions';
import type { EscalationRoute, Language, Router, TriageDecision } from '../triage/types';
import { continueFlow, isFlowState, isGuidedFlow, startFlow, wantsToLeave } from './flows/flow-router';
import type { FlowChoice, FlowOutcome, FlowReply, FlowState, FlowStep } from './flows/flow-types';
import { emergencyTexts, HUMAN_PAYLOAD, keywordLanguage, START_PATTERN, STOP_PATTERN, type Replies } from './replies';
import { repliesByLanguage } from './replies-es';
import { nextLanguage } from './conversation-language';
import { isEmergencyUpdate, joinOpenEmergency } from './emergency-update';
import { toEscalationRoute, urgent, withChoices } from './outgoing';
import { PublicSurface } from './public-surface';
import { TurnRecords } from './turn-records';
import { countTriage } from '../platform/metrics';
import { carriesCrisisSignal } from '../triage/crisis-detector';
import { splitNeeds, type Need, type NeedKind } from '../triage/split-needs';
import { kindOfRoute, mostSensitive, type ContentKind } from '../triage/content-kind';

/** Raised for every emergency once the reply is on its way (staff alert webhook). */
/** How long emergencies from one source join the first one's queue item. */
export const EMERGENCY_BURST_WINDOW_MS = 10 * 60_000;

export type EmergencyAlert = (input: {
  escalationId: number;
  conversation: Conversation;
  decision: TriageDecision;
  text: string;
  /** The language the patient was answered in. */
  language: Language;
}) => Promise<void>;

export interface FrontdeskBotDeps {
  router: Router;
  kb: KnowledgeBase;
  store: ConversationStore & EscalationStore & { staffUsers: StaffDirectory };
  log: Logger;
  profile: PracticeProfile;
  onEmergency?: EmergencyAlert;
  now?: () => number;
  /** The bot says it is a bot again once this long has passed since it last said so (default 30 days). */
  disclosureRepeatMs?: number;
}

interface RouteTurn {
  context: TurnContext;
  conversation: Conversation;
  text: string;
  payload: string | undefined;
  decision: TriageDecision;
  /** The language of this turn's replies (the conversation's). */
  language: Language;
}
type RouteHandler = (turn: RouteTurn) => Promise<void>;

/** Default of DISCLOSURE_REPEAT_DAYS: the disclosure is shown once per patient per 30 days. */
export const DISCLOSURE_REPEAT_DAYS = 30;

/** The intent of a queue item opened for a patient's photo or file. */
export const ATTACHMENT_INTENT = 'attachment';
/** A patient writing several lines while their request waits is told once that they were added. */
const ACKNOWLEDGE_AGAIN_AFTER_MS = 5 * 60 * 1000;
const FALLBACK_TOPICS = ['faq/hours', 'faq/location', 'faq/insurance', 'appointment'];
const HOURS_INTENTS = new Set(['faq/hours', 'faq/holiday-hours']);
/** A message with several needs is answered in this order: the clinical team's first. */
const NEED_ORDER: readonly NeedKind[] = ['clinical', 'human', 'request', 'question'];

/**
 * One turn: safety first, then record, then act. An emergency reply is sent before anything else is
 * written and goes out even while staff hold the thread or the patient has opted out.
 */
export class FrontdeskBot extends ActivityHandler {
  private readonly now: () => number;
  private readonly sayings: Readonly<Record<Language, Replies>>;
  private readonly records: TurnRecords;
  private readonly publicSurface: PublicSurface;

  constructor(private readonly deps: FrontdeskBotDeps) {
    super();
    this.now = deps.now ?? Date.now;
    this.sayings = repliesByLanguage(deps.profile);
    this.records = new TurnRecords(deps.store, deps.log, this.now);
    this.publicSurface = new PublicSurface({
      store: deps.store,
      log: deps.log,
      sayings: this.sayings,
      records: this.records,
      emergency: (context, text, decision, replies) => this.handleEmergency(context, text, decision, replies),
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  /**
   * The last resort for a message whose normal turn kept failing: no triage, no flows; record it,
   * put the thread in front of staff and tell the patient so, with the emergency number.
   */
  async handOver(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    const { conversation } = await this.records.record(context.activity, text);
    await this.deps.store.conversations.setFlow(conversation.id, null);
    const escalationId = await this.records.escalate(context.activity, conversation, 'human', 'unprocessed');
    this.deps.log.error({ conversationId: conversation.id, escalationId }, 'message could not be processed; handed to staff');
    // Its own outbox key: replies queued by the failed tries must not swallow this one.
    const dedupeKey = `${context.activity.channelId}:${context.activity.id ?? ''}:handover`;
    const { language } = nextLanguage(conversation, text);
    await context.sendActivity(outgoing(this.sayings[language].handedOver(this.due('human', language)), { meta: { dedupeKey } }));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const meta = readInboundMeta(activity);
    const text = (activity.text ?? '').trim();

    // Red-flag rules run on every message, before any store write: nothing may delay this reply.
    const safety = text ? this.deps.router.route(text) : undefined;
    // A public post gets only fixed texts, whatever it says (emergencies included).
    if (meta.surface === 'public') return this.publicSurface.handle(context, text, meta, safety);
    if (safety?.route === 'emergency') {
      if (isEmergencyUpdate(text, safety) && (await joinOpenEmergency(this.deps.store, this.records, activity, text, safety))) {
        await context.sendActivity(urgent(this.sayings[safety.language ?? 'en'].emergencyUpdate));
        return;
      }
      await this.handleEmergency(context, text, safety);
      return;
    }

    const { before, conversation, messageId } = await this.records.record(activity, text);
    if (STOP_PATTERN.test(text)) {
      // Inside a guided request "stop" ends the request; only a bare keyword outside one opts out.
      if (isGuidedFlow(conversation.flow)) return this.leaveFlow(context, conversation, conversation.language ?? keywordLanguage(text));
      return this.optOut(context, conversation, keywordLanguage(text));
    }
    if (START_PATTERN.test(text)) return this.optIn(context, conversation, keywordLanguage(text));

    const step = nextLanguage(conversation, text);
    const { language } = step;
    if (step.store) await this.deps.store.conversations.setLanguage(conversation.id, step.store.language, step.store.chosen);
    const say = this.sayings[language];
    const hasFiles = (meta.attachments?.length ?? 0) > 0 && messageId !== undefined;
    if (hasFiles && !text && !meta.payload) return this.attachmentAlone({ context, before, conversation, messageId, language });
    if (meta.unsupported || (!text && !meta.payload)) {
      if (conversation.optedOutAt === null && !(await this.heldByStaff(conversation))) {
        await this.discloseIfDue(context, before, conversation, language);
        await context.sendActivity(say.unsupported);
      }
      return;
    }

    // In a Spanish conversation a message that is not clearly English is read as Spanish ("horario?").
    const classified = language === 'es' && safety?.language !== 'es' && text ? this.deps.router.route(text, 'es') : safety;
    const decision = this.decide(text, meta.payload, classified, language);
    if (messageId !== undefined) await this.deps.store.messages.setTriage(messageId, decision);
    if (hasFiles) await this.setAttachmentKind(conversation.id, messageId, kindOfRoute(decision.route));
    countTriage(decision);
    this.deps.log.info(
      { conversationId: conversation.id, messageId, intent: decision.intent, route: decision.route, decidedBy: decision.decidedBy },
      'triage',
    );
    if (decision.intent === 'opt_out') return this.optOut(context, conversation);
    if (conversation.optedOutAt !== null) return this.whileOptedOut(context, conversation, decision, language);

    // While a member of staff holds the thread the bot stays silent: the message joins the thread
    // (staff see it there), and a request of another kind still gets its own queue item.
    const open = await this.deps.store.escalations.listOpenForConversation(conversation.id);
    if (await this.heldByStaff(conversation, open)) {
      const route = toEscalationRoute(decision);
      if (route) await this.records.escalate(activity, conversation, route, decision.intent);
      else if (isEmergencyUpdate(text, decision) && open.some((e) => e.route === 'emergency')) {
        await this.records.escalate(activity, conversation, 'emergency', 'emergency_update');
      }
      return;
    }
    // "I called 911 / the ambulance is here" after our emergency reply: acknowledged, not answered
    // with "call 911" again, and joined to the open emergency.
    if (isEmergencyUpdate(text, decision) && open.some((e) => e.route === 'emergency')) {
      await this.records.escalate(activity, conversation, 'emergency', 'emergency_update');
      await context.sendActivity(say.emergencyUpdate);
      return;
    }

    await this.discloseIfDue(context, before, conversation, language);
    if (step.requested && !meta.payload) {
      // "English please" / "en español": said in the new language; a flow in progress goes on in it.
      await context.sendActivity(say.languageSet);
      return;
    }
    if (hasFiles && !meta.payload) {
      // A photo beside words the bot would answer itself ("here is my insurance card") is for a
      // person at the front desk; beside a question for staff it joins that question.
      if (decision.route === 'answer' || decision.route === 'fallback') {
        await this.records.escalate(activity, conversation, 'human', ATTACHMENT_INTENT);
        await context.sendActivity(say.attachmentReceived(this.due('human', language)));
        return;
      }
      await context.sendActivity(say.attachmentPassed);
    }
    const flow = isFlowState(conversation.flow) ? conversation.flow : undefined;
    const turn: RouteTurn = { context, conversation, text, payload: meta.payload, decision, language };
    if (flow) {
      if (await this.continueFlow(turn, flow)) return;
    }
    if (open.length > 0 && (await this.addToWaiting(turn, open))) return;
    await this.act(turn);
  }

  /**
   * A message while the conversation's items wait for staff and nobody holds them yet. One about a
   * waiting request joins that item; a greeting or a message the bot cannot place joins the most
   * urgent waiting item. The patient is told it was added, with the expected reply time and the
   * emergency number, at most once every few minutes. Returns false for anything else: a new kind
   * of request or question gets its own item and the usual reply, an FAQ its answer.
   */
  private async addToWaiting(turn: RouteTurn, open: readonly Escalation[]): Promise<boolean> {
    const { context, conversation, decision, language } = turn;
    const route = toEscalationRoute(decision);
    // "hello?" while waiting asks whether anyone is there: it is about the waiting item too.
    const unplaced = decision.route === 'fallback' || decision.intent === 'greeting';
    const joined = route
      ? open.find((e) => e.route === route && (route !== 'request' || e.intent === decision.intent))
      : unplaced
        ? open[0]
        : undefined;
    if (!joined) return false;
    if (decision.route !== 'fallback' && conversation.fallbackStreak > 0)
      await this.deps.store.conversations.setFallbackStreak(conversation.id, 0);
    await this.records.escalate(context.activity, conversation, joined.route, joined.intent);
    // A sign of crisis added to a waiting clinical question gets the crisis line at once, however
    // recently the patient was told their message was added.
    const crisis = joined.route === 'clinical' && carriesCrisisSignal(turn.text);
    if (crisis) await context.sendActivity(this.sayings[language].crisis);
    const now = this.now();
    const lastAcknowledged = Math.max(0, ...open.map((e) => e.acknowledgedAt ?? 0));
    if (now - lastAcknowledged < ACKNOWLEDGE_AGAIN_AFTER_MS) return true;
    await context.sendActivity(this.sayings[language].addedToWaiting(joined.route, joined.intent, this.due(joined.route, language)));
    await this.deps.store.escalations.markAcknowledged(
      open.map((e) => e.id),
      now,
    );
    return true;
  }

  /**
   * A photo or file with no words: a person looks at it. It joins the conversation's waiting item
   * when there is one, else it opens one for staff; the bot says it was passed on.
   */
  private async attachmentAlone(input: {
    context: TurnContext;
    before: Conversation | undefined;
    conversation: Conversation;
    messageId: number;
    language: Language;
  }): Promise<void> {
    const { context, before, conversation, messageId, language } = input;
    const { store } = this.deps;
    await store.messages.setTriage(messageId, { intent: ATTACHMENT_INTENT, route: 'human', decidedBy: 'attachment' });
    await this.setAttachmentKind(conversation.id, messageId);
    const open = await store.escalations.listOpenForConversation(conversation.id);
    const joined = open[0];
    await this.records.escalate(context.activity, conversation, joined?.route ?? 'human', joined?.intent ?? ATTACHMENT_INTENT);
    if (await this.heldByStaff(conversation, open)) return;
    if (conversation.optedOutAt !== null) {
      // Opted out: staff still get the photo; the patient hears once that a person will reply.
      if (!(await this.toldWhileOptedOut(conversation))) {
        await context.sendActivity(this.sayings[language].heardWhileOptedOut(this.due(joined?.route ?? 'human', language)));
      }
      return;
    }
    await this.discloseIfDue(context, before, conversation, language);
    await context.sendActivity(this.sayings[language].attachmentReceived(this.due(joined?.route ?? 'human', language)));
  }

  /**
   * A photo in a clinical conversation is clinical: its kind is the most sensitive of its own
   * message's and of the patient's earlier messages; with nothing known yet (a photo alone as the
   * first message) it is clinical, so it is withheld rather than shown.
   */
  private async setAttachmentKind(conversationId: number, messageId: number, own?: ContentKind): Promise<void> {
    const earlier = (await this.deps.store.messages.listByConversation(conversationId)).filter(
      (m) => m.direction === 'in' && m.id !== messageId && m.route !== null,
    );
    const kinds = [...(own !== undefined ? [own] : []), ...earlier.map((m) => m.kind)];
    await this.deps.store.attachments.setKind(messageId, kinds.length === 0 ? 'clinical' : mostSensitive(...kinds));
  }

  /** Inside a guided flow. Returns false when the message should be handled as a fresh one. */
  private async continueFlow(turn: RouteTurn, flow: FlowState): Promise<boolean> {
    const { context, conversation, text, payload, decision, language } = turn;
    const { store } = this.deps;
    if (wantsToLeave(text, payload)) {
      await this.leaveFlow(context, conversation, language);
      return true;
    }
    const step = continueFlow(flow, { text, ...(payload ? { payload } : {}), language, now: this.now() }, decision, (rest) =>
      this.deps.router.route(rest, language),
    );
    if (step === 'interrupt') {
      await store.conversations.setFlow(conversation.id, null);
      return false;
    }
    await store.conversations.setFlow(conversation.id, step.state ?? null);
    await this.sendFlowReplies(context, step.replies);
    if (step.outcome) await this.finishFlow(turn, step.outcome);
    return true;
  }

  /** One handler per route: what the bot does with a fresh message once it knows the route. */
  private readonly routeHandlers: Readonly<Record<TriageDecision['route'], RouteHandler>> = {
    answer: (turn) => this.answer(turn),
    request: (turn) => this.request(turn),
    clinical: async ({ context, conversation, text, decision, language }) => {
      await this.records.escalate(context.activity, conversation, 'clinical', decision.intent);
      await this.sendClinicalHandOff(context, text, decision, language);
    },
    human: async ({ context, conversation, decision, language }) => {
      await this.records.escalate(context.activity, conversation, 'human', decision.intent);
      const say = this.sayings[language];
      const due = this.due('human', language);
      await context.sendActivity(decision.intent === 'data_deletion' ? say.dataDeletion(due) : say.human(due));
    },
    // Only reachable through a quick-reply payload; typed text was handled before recording.
    emergency: ({ context, text, decision }) => this.handleEmergency(context, text, decision),
    fallback: (turn) => this.fallback(turn),
  };

  private async act(turn: RouteTurn): Promise<void> {
    const { conversation, decision } = turn;
    if (decision.route !== 'fallback' && conversation.fallbackStreak > 0)
      await this.deps.store.conversations.setFallbackStreak(conversation.id, 0);
    const needs = turn.payload ? undefined : splitNeeds(turn.text, decision, (part) => this.deps.router.route(part, turn.language));
    if (needs) return this.actOnNeeds(turn, needs);
    await this.routeHandlers[decision.route](turn);
  }

  /**
   * A message that asks several things: each need is answered or queued (clinical first), in one
   * reply that says what happens to each, and every item opened carries all the needs. A request
   * with a guided flow starts it, its first question last in the reply.
   */
  private async actOnNeeds(turn: RouteTurn, needs: readonly Need[]): Promise<void> {
    const { context, conversation, text, language } = turn;
    const say = this.sayings[language];
    const activity = context.activity;
    const paragraphs: string[] = [];
    const ids = new Set<number>();
    let flow: FlowStep | undefined;
    const queue = async (route: EscalationRoute, intent: string, index: number) => {
      ids.add(await this.records.escalate(activity, conversation, route, intent, index === 0 ? {} : { need: `need-${index}` }));
    };
    const ordered = [...needs].sort((a, b) => NEED_ORDER.indexOf(a.kind) - NEED_ORDER.indexOf(b.kind));
    for (const [index, need] of ordered.entries()) {
      switch (need.kind) {
        case 'clinical':
          await queue('clinical', need.intent, index);
          paragraphs.push(this.clinicalText(need.decision, language));
          break;
        case 'human':
          await queue('human', need.intent, index);
          paragraphs.push(say.human(this.due('human', language)));
          break;
        case 'request': {
          const input = { text: need.summary, language, now: this.now() };
          const step = flow ? undefined : startFlow(need.intent, input, this.deps.profile.bookingUrl, medicineMentions(need.summary));
          if (step) flow = step;
          else {
            await queue('request', need.intent, index);
            paragraphs.push(say.request(this.due('request', language)));
          }
          break;
        }
        case 'question': {
          const answer = this.deps.kb.answer(need.intent, language);
          if (answer) {
            paragraphs.push(
              HOURS_INTENTS.has(need.intent) ? openingHoursAnswer(need.summary, this.deps.profile, this.now(), language) : answer.text,
            );
          } else {
            await queue('human', need.intent, index);
            paragraphs.push(say.untranslated(this.due('human', language)));
          }
          break;
        }
      }
    }
    if (needs.some((n) => n.kind === 'clinical') && carriesCrisisSignal(text)) paragraphs.push(say.crisis);
    const stored = needs.map((n) => ({
      kind: n.kind,
      intent: n.intent,
      summary: n.summary,
      contentKind: kindOfRoute(n.decision.route),
    }));
    for (const id of ids) await this.deps.store.escalations.setNeeds(id, stored);
    if (flow) await this.deps.store.conversations.setFlow(conversation.id, flow.state ?? null);
    const flowReplies = flow?.replies ?? [];
    const last = flowReplies.at(-1);
    const body = [say.severalNeeds, ...paragraphs, ...flowReplies.map((r) => r.text)].join('\n\n');
    if (body.length <= (channelLimitsOf(context)?.maxTextLength ?? 0)) {
      await context.sendActivity(last?.choices ? withChoices(body, last.choices) : body);
      return;
    }
    // Too long for one message on this channel: the same texts, one after another.
    for (const paragraph of [say.severalNeeds, ...paragraphs]) await context.sendActivity(paragraph);
    await this.sendFlowReplies(context, flowReplies);
  }

  private async answer({ context, conversation, text, decision, language }: RouteTurn): Promise<void> {
    const { store, log } = this.deps;
    const say = this.sayings[language];
    const answer = this.deps.kb.answer(decision.intent, language);
    if (!answer) {
      // Not written in this language: a person answers, with a note in both languages, never the
      // English text alone. Not written at all: a data bug in intents/; a person is the safe fallback.
      if (!this.deps.kb.answer(decision.intent))
        log.error({ intent: decision.intent }, 'knowledge base has no answer for an answer-route intent');
      await context.sendActivity(say.untranslated(this.due('human', language)));
      await this.records.escalate(context.activity, conversation, 'human', decision.intent);
      return;
    }
    const body = HOURS_INTENTS.has(decision.intent) ? openingHoursAnswer(text, this.deps.profile, this.now(), language) : answer.text;
    if (!decision.intent.startsWith('faq/')) {
      await context.sendActivity(withChoices(body, this.topicChoices(answer.related, language)));
      return;
    }
    await store.conversations.setFlow(conversation.id, { flow: 'feedback', intent: decision.intent } satisfies FlowState);
    const choices: FlowChoice[] = [
      { title: say.choices.yes, payload: 'feedback:yes' },
      { title: say.choices.no, payload: 'feedback:no' },
      ...this.topicChoices(answer.related, language, false),
    ];
    // The question and its buttons go under the answer in one message when the channel allows the
    // length: one bubble for the patient, one call against the platform's rate limit.
    const together = `${body}\n\n${say.didThatHelp}`;
    if (together.length <= (channelLimitsOf(context)?.maxTextLength ?? 0)) {
      await context.sendActivity(withChoices(together, choices));
      return;
    }
    await context.sendActivity(body);
    await context.sendActivity(withChoices(say.didThatHelp, choices));
  }

  private async request({ context, conversation, text, payload, decision, language }: RouteTurn): Promise<void> {
    const input = { text, ...(payload ? { payload } : {}), language, now: this.now() };
    const step = startFlow(decision.intent, input, this.deps.profile.bookingUrl, medicineMentions(text));
    if (step) {
      await this.deps.store.conversations.setFlow(conversation.id, step.state ?? null);
      await this.sendFlowReplies(context, step.replies);
      return;
    }
    await context.sendActivity(this.sayings[language].request(this.due('request', language)));
    await this.records.escalate(context.activity, conversation, 'request', decision.intent);
  }

  private async fallback({ context, conversation, language }: RouteTurn): Promise<void> {
    const say = this.sayings[language];
    const streak = conversation.fallbackStreak + 1;
    await this.deps.store.conversations.setFallbackStreak(conversation.id, streak >= 2 ? 0 : streak);
    if (streak >= 2) {
      await this.records.escalate(context.activity, conversation, 'human', 'fallback');
      await context.sendActivity(say.fallbackEscalated);
      return;
    }
    await context.sendActivity(withChoices(say.fallback, this.topicChoices(FALLBACK_TOPICS, language)));
  }

  private async finishFlow({ context, conversation, language }: RouteTurn, outcome: FlowOutcome): Promise<void> {
    const activity = context.activity;
    const say = this.sayings[language];
    switch (outcome.kind) {
      case 'request': {
        // A completed request is a request of its own, even while another of its kind waits.
        const escalation = await this.records.escalate(activity, conversation, 'request', outcome.intent, { separate: true });
        const kind = await kindRepeatingPatient(this.deps.store, conversation.id, outcome.summary);
        await this.deps.store.escalations.setSummary(escalation, outcome.summary, kind);
        const due = this.due('request', language);
        await context.sendActivity(outcome.intent === 'medication_refill' ? say.refillQueued(due) : say.requestQueued(due));
        return;
      }
      case 'human':
        await this.records.escalate(activity, conversation, 'human', outcome.intent);
        await context.sendActivity(withChoices(say.flowHuman(this.due('human', language)), []));
        return;
      case 'feedback-no':
        await context.sendActivity(
          withChoices(say.feedbackNo, [
            { title: say.choices.person, payload: HUMAN_PAYLOAD },
            { title: say.choices.noThanks, payload: 'flow:exit' },
          ]),
        );
        return;
      case 'feedback-yes':
        await context.sendActivity(say.feedbackYes);
        return;
    }
  }

  /**
   * The clinical hand-off: worded for a question about a medicine when it is one, with the crisis
   * line whenever the message carries a sign of crisis.
   */
  private async sendClinicalHandOff(context: TurnContext, text: string, decision: TriageDecision, language: Language): Promise<void> {
    await context.sendActivity(this.clinicalText(decision, language));
    if (carriesCrisisSignal(text)) await context.sendActivity(this.sayings[language].crisis);
  }

  private clinicalText(decision: TriageDecision, language: Language): string {
    const say = this.sayings[language];
    const due = this.due('clinical', language);
    return decision.intent === 'medication_question' ? say.clinicalMedication(due) : say.clinical(due);
  }

  /**
   * A message from a patient who opted out of automated messages: the practice still hears it. It
   * opens or joins a queue item for staff, and the patient is told once per opt-out that a person
   * will reply and how to turn the assistant back on; nothing else is automated.
   */
  private async whileOptedOut(
    context: TurnContext,
    conversation: Conversation,
    decision: TriageDecision,
    language: Language,
  ): Promise<void> {
    // A message of no request of its own ("thanks", "hello?") joins the most urgent waiting item.
    const waiting = toEscalationRoute(decision)
      ? undefined
      : (await this.deps.store.escalations.listOpenForConversation(conversation.id))[0];
    const route = waiting?.route ?? toEscalationRoute(decision) ?? 'human';
    const intent = waiting?.intent ?? (toEscalationRoute(decision) ? decision.intent : 'opted_out_message');
    await this.records.escalate(context.activity, conversation, route, intent);
    if (await this.toldWhileOptedOut(conversation)) return;
    await context.sendActivity(this.sayings[language].heardWhileOptedOut(this.due(route, language)));
  }

  /** Whether the bot already said, since the patient opted out, that staff will reply (in any language). */
  private async toldWhileOptedOut(conversation: Conversation): Promise<boolean> {
    const since = conversation.optedOutAt ?? 0;
    const openings = Object.values(this.sayings).map((say) => say.heardWhileOptedOut('').split(';')[0] ?? '');
    return (await this.deps.store.messages.listByConversation(conversation.id)).some(
      (m) => m.direction === 'out' && m.author === 'bot' && m.createdAt >= since && openings.some((o) => m.text.startsWith(o)),
    );
  }

  private async handleEmergency(
    context: TurnContext,
    text: string,
    decision: TriageDecision,
    publicReplies?: Partial<Activity>[],
  ): Promise<void> {
    countTriage(decision);
    const activity = context.activity;
    // The reply is queued on the conversation, after the patient's message in the transcript; if the
    // store fails even there, the adapter sends the urgent reply directly. The escalation and the
    // alert are written only after the reply is on its way.
    let conversation: Conversation | undefined;
    let messageId: number | undefined;
    try {
      ({ conversation, messageId } = await this.records.record(activity, text));
    } catch (err) {
      this.deps.log.error({ error: (err as Error).name }, 'emergency: message could not be stored; replying directly');
    }
    // In the conversation's language, with the message's own language first when it differs.
    const messageLanguage = decision.language ?? 'en';
    const step = conversation ? nextLanguage(conversation, text) : undefined;
    const say = this.sayings[step?.language ?? messageLanguage];
    await context.sendActivities(publicReplies ?? emergencyTexts(say, decision, this.sayings[messageLanguage]).map(urgent));
    // If the store fails from here on, the reply has still gone out; the error is logged loudly so
    // the operator sees an emergency missing from the queue.
    try {
      if (!conversation) ({ conversation, messageId } = await this.records.record(activity, text));
      if (messageId !== undefined) await this.deps.store.messages.setTriage(messageId, decision);
      if (step?.store) await this.deps.store.conversations.setLanguage(conversation.id, step.store.language, step.store.chosen);
      await this.deps.store.conversations.setFlow(conversation.id, null);
      // Emergencies from one source in a short window (a script opening chat sessions) are counted
      // into that source's open item: each got its reply above, staff get one item and one alert.
      const source = readInboundMeta(activity).source;
      const at = this.now();
      const joined = source
        ? await this.deps.store.emergencyBursts.join(source, at - EMERGENCY_BURST_WINDOW_MS, conversation.id, at)
        : undefined;
      if (joined !== undefined) {
        this.deps.log.warn({ conversationId: conversation.id, escalationId: joined }, 'emergency counted into the open item of its source');
        return;
      }
      const escalation = await this.records.escalate(activity, conversation, 'emergency', decision.intent);
      if (source) await this.deps.store.emergencyBursts.start(escalation, source, conversation.id, at);
      this.deps.log.warn({ conversationId: conversation.id, escalationId: escalation, decidedBy: decision.decidedBy }, 'emergency');
      await this.deps.onEmergency?.({
        escalationId: escalation,
        conversation,
        decision,
        text,
        language: step?.language ?? messageLanguage,
      });
    } catch (err) {
      this.deps.log.error(
        { error: (err as Error).name, decidedBy: decision.decidedBy },
        'emergency reply sent but the emergency could not be recorded',
      );
    }
  }

  /** Quick-reply payloads are ours: a tapped FAQ topic or "talk to a person" needs no classifier. */
  private decide(text: string, payload: string | undefined, classified: TriageDecision | undefined, language: Language): TriageDecision {
    if (payload === HUMAN_PAYLOAD) return { intent: 'human_request', route: 'human', confidence: 1, decidedBy: 'quick-reply', language };
    if (payload?.startsWith('intent:')) {
      const intent = payload.slice('intent:'.length);
      if (this.deps.kb.answer(intent)) return { intent, route: 'answer', confidence: 1, decidedBy: 'quick-reply', language };
      if (intent === 'appointment') return { intent, route: 'request', confidence: 1, decidedBy: 'quick-reply', language };
    }
    return classified ?? this.deps.router.route(text || payload || '', language);
  }

  /** A member of staff holds one of the conversation's open items (claimed, and still able to work it). */
  private async heldByStaff(conversation: Conversation, open?: readonly Escalation[]): Promise<boolean> {
    for (const e of open ?? (await this.deps.store.escalations.listOpenForConversation(conversation.id))) {
      if ((await activeHolder(this.deps.store, e)) !== null) return true;
    }
    return false;
  }

  /**
   * Say it is a bot at the start and again once the repeat period has passed since it last said
   * so; not after every resolution (the patient already knows, and the paragraph buries the reply).
   */
  private async discloseIfDue(
    context: TurnContext,
    before: Conversation | undefined,
    conversation: Conversation,
    language: Language,
  ): Promise<void> {
    const disclosedAt = before?.disclosedAt ?? conversation.disclosedAt ?? null;
    const repeatMs = this.deps.disclosureRepeatMs ?? DISCLOSURE_REPEAT_DAYS * 86_400_000;
    if (disclosedAt !== null && this.now() - disclosedAt < repeatMs) return;
    await context.sendActivity(this.sayings[language].disclosure);
    await this.deps.store.conversations.markDisclosed(conversation.id, this.now());
  }

  /** STOP / ALTO: acknowledged in the keyword's language. */
  private async optOut(
    context: TurnContext,
    conversation: Conversation,
    language: Language = conversation.language ?? 'en',
  ): Promise<void> {
    const { store } = this.deps;
    await store.conversations.setFlow(conversation.id, null);
    if (conversation.optedOutAt !== null) return; // acknowledged once already
    await store.conversations.setOptedOut(conversation.contactId, this.now());
    await context.sendActivity(this.sayings[language].optedOut);
  }

  /** Ends the guided request in progress ("cancel", "never mind", "stop" inside a flow). */
  private async leaveFlow(context: TurnContext, conversation: Conversation, language: Language): Promise<void> {
    await this.deps.store.conversations.setFlow(conversation.id, null);
    await context.sendActivity(this.sayings[language].flowLeft);
  }

  private async optIn(context: TurnContext, conversation: Conversation, language: Language): Promise<void> {
    const say = this.sayings[language];
    if (conversation.optedOutAt === null) {
      await context.sendActivity(withChoices(say.feedbackYes, this.topicChoices(FALLBACK_TOPICS, language)));
      return;
    }
    await this.deps.store.conversations.setOptedOut(conversation.contactId, null);
    await context.sendActivity(say.optedIn);
    await context.sendActivity(withChoices(say.disclosure, this.topicChoices(FALLBACK_TOPICS, language)));
    await this.deps.store.conversations.markDisclosed(conversation.id, this.now());
  }

  private due(route: EscalationRoute, language: Language): string {
    const now = this.now();
    return formatWhen(dueAt(route, now, this.deps.profile), now, this.deps.profile.timeZone, language);
  }

  private async sendFlowReplies(context: TurnContext, flowReplies: readonly FlowReply[]): Promise<void> {
    for (const reply of flowReplies) {
      await context.sendActivity(reply.choices ? withChoices(reply.text, reply.choices) : reply.text);
    }
  }

  private topicChoices(intents: readonly string[], language: Language, withPerson = true): FlowChoice[] {
    const say = this.sayings[language];
    const choices: FlowChoice[] = [];
    for (const intent of intents) {
      const title = intent === 'appointment' ? say.choices.appointment : this.deps.kb.answer(intent, language)?.title;
      if (title) choices.push({ title, payload: `intent:${intent}` });
    }
    if (withPerson) choices.push({ title: say.choices.person, payload: HUMAN_PAYLOAD });
    return choices;
  }
}
