import type { RedFlagContext } from './red-flag-types';

/**
 * The Spanish words around a red flag, over normalizeSpanish text (no accents): negation ("no
 * tengo dolor de pecho"), history ("el año pasado tuve un derrame"), a relative's history ("mi
 * abuelo murió de un infarto"), and what marks a danger as happening now.
 */
const MONTHS = 'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';
const SOME = String.raw`(?:\d+|un|una|unos|unas|dos|tres|cuatro|cinco|seis|varios|varias|pocos|pocas|muchos|muchas)`;
const CHILDHOOD = String.raw`(?:nino|nina|chico|chica|chiquito|chiquita|pequeno|pequena|joven|adolescente|bebe)`;

export const SPANISH_CONTEXT: RedFlagContext = {
  negators: new Set(['no', 'nunca', 'jamas', 'sin', 'ni', 'tampoco', 'niega', 'nego', 'ningun', 'ninguna', 'not', 'never', 'without']),
  notNegationAfter: new Set([
    // "no sé si es un infarto": the doubt is not a denial
    'se',
    'sabe',
    'sabemos',
    'estoy',
    'solo',
    'solamente',
    'mi',
    'su',
    'sus',
    'mis',
    // "no puedo dejar de pensar en matarme": the struggle is negated, not the thought
    'puedo',
    'puede',
    'aguanto',
    'dejo',
    'quiero',
    'hay',
    'sure',
    'only',
    'just',
  ]),
  exclamations: new Set(['ay', 'oh', 'o']),
  clauseWords: ['pero', 'but', 'aunque'],
  present: new RegExp(
    String.raw`\b(?:ahora|ahora mismo|en este momento|hoy|esta (?:noche|manana|tarde)|hace (?:\w+ )?(?:minutos|minuto|rato|ratito|hora|horas)|todavia|aun|sigue|siguen|otra vez|de nuevo|empezo|empezando|comenzo|acaba de|acabo de|esta teniendo|estoy teniendo|estan teniendo|(?:le|me) esta dando|de repente|now|right now)\b`,
  ),
  history: new RegExp(
    String.raw`\b(?:hace ${SOME} (?:anos?|mes|meses|semanas?)|el (?:ano|mes|verano|invierno) pasado|la semana pasada|en (?:19|20)\d\d|en (?:${MONTHS})|antecedentes? de|historial de|historia de|sobrevivi\w*|me recupere de|se recupero de|cuando (?:era|estaba|tenia) (?:\w+ )?${CHILDHOOD}|de ${CHILDHOOD}|en el pasado|anterior|previo|previa|hace (?:tiempo|mucho)|hace anos|desde (?:mi|su|el|la|que tuve|que tuvo) (?:\w+ )?(?:infarto|derrame|convulsion|cirugia|operacion|accidente|sobredosis))\b`,
  ),
  familyHistory: new RegExp(
    String.raw`\b(?:muri[oe] (?:de|por)|se murio (?:de|por)|fallecio|fallecieron|murieron (?:de|por)|en (?:mi|la|nuestra) familia (?:hay|han tenido|tienen)|antecedentes familiares|corre en (?:mi|la) familia|es hereditario|perdi a (?:mi|mis) \w+ por)\b`,
  ),
  had: /\b(?:tuve|tuvo|tuvimos|tuvieron|he tenido|ha tenido|habia tenido|tenia|sufri|sufrio)\b/,
  admin: new RegExp(
    String.raw`\b(?:receta\w*|refill\w*|resurtir|renovar|farmacia|cita|citas|agendar|programar|reprogramar|referido|referencia|expediente|records?|formulario|formularios|papeles|carta|seguro|factura|chequeo|examen fisico|incapacidad|especialista|neurologo|cardiologo|medicina para|medicinas para|pastillas para|tratamiento para)\b`,
  ),
  questionStart: /^(?:que|como|por que|porque|cuando|cual|cuales|donde|quien|es|son|puede|pueden|se puede|debo|deberia|hay|existe)\b/,
  generalTopic: new RegExp(
    String.raw`\b(?:sintomas? de|senales? de|signos? de|riesgos? de|prevenir|como (?:saber|evitar|prevenir|reconocer|ayudar|tratar|identificar)|que hacer (?:si|en caso)|causa|causas|efectos? secundarios?|es normal|significa|primeros auxilios|rcp)\b`,
  ),
  personal:
    /\b(?:yo|me|mi|mis|tengo|tiene|tienen|estoy|esta|estamos|nosotros|nuestr\w+|ella|el|su|sus|le|les|mama|papa|hijo|hija|esposo|esposa|bebe|nino|nina|abuel\w+|my|i)\b/,
  dated: new RegExp(
    String.raw`^(?: \w+){0,3}? (?:hace ${SOME} (?:anos?|mes|meses|semanas?)|el (?:ano|mes) pasado|la semana pasada|en (?:19|20)\d\d|en (?:${MONTHS})|de ${CHILDHOOD})\b`,
  ),
  hadBefore: /\b(?:tuve|tuvo|he tenido|ha tenido|sobrevivi|sobrevivio|me recupere de|historial de|antecedentes? de)(?: \w+){0,2}\s*$/,
  intentional: /\b(?:a proposito|adrede|intencional\w*|para (?:morir|morirme|morirse|matarme|matarse)|para acabar con todo|on purpose)\b/,
};
