import type { Phrasing } from './red-flag-types';
import { INFANT_FEVER_VALUE, SUGAR_CRISIS_VALUE } from './red-flag-values';

/**
 * The red-flag rules (red-flag-rules.ts) in Spanish, by rule id, over normalizeSpanish text: no
 * accents, "ñ" as "n", common misspellings mapped. Mexican, Caribbean, Central and South American
 * wordings alike. Negation and history are the engine's, read with the Spanish context.
 */
function rx(source: string): RegExp {
  return new RegExp(source, 'g');
}

/** Someone in the family or the writer. */
const WHO = String.raw`(?:mi|su|tu|el|la|los|las|nuestro|nuestra)`;
const PILLS = String.raw`(?:pastillas|pastilla|pildoras|tabletas|capsulas|medicinas|medicina|medicamentos|medicamento|vitaminas|gomitas|tylenol|advil|aspirinas|xanax|clonazepam)`;
const CHEMICALS = String.raw`(?:cloro|blanqueador|lejia|veneno|raticida|matarratas|pesticida|insecticida|herbicida|detergente|jabon de (?:ropa|trastes|lavar)|capsulas de detergente|pods|pila|pilas|bateria|baterias|pila de boton|imanes|limpiador\w*|destapacanos|destapador|quimicos?|productos? de limpieza|gasolina|thinner|tiner|anticongelante|acetona|quitaesmalte|alcohol de curar|aceite de lampara|amoniaco|sosa caustica)`;
const MENTAL_CHANGE = String.raw`confundid[oa]s?|confusion|desorientad[oa]|no (?:tiene|hace) sentido|no dice cosas con sentido|desmay\w*|inconsciente|no (?:se )?despierta|dificil de despertar|arrastra las palabras|convulsion\w*|actuando (?:raro|extrano|como borracho)|no responde|somnolient[oa]|muy dormid[oa]`;
const SUDDEN = String.raw`(?:de repente|de pronto|de la nada|de golpe|repentinamente|subitamente)`;

export const SPANISH_PHRASINGS: Readonly<Record<string, Phrasing>> = {
  // ---- self-harm and suicidal thoughts (crisis line) ----
  'kill-myself': {
    pattern: rx(
      String.raw`\b(?:matarme|me quiero matar|me voy a matar|me mato|quitarme la vida|suicidarme|colgarme|ahorcarme|envenenarme|matarse|quitarse la vida|suicidarse|ahorcarse|tirarme (?:de|del|desde) (?:un|una|el|la) (?:puente|edificio|techo|azotea|balcon))\b`,
    ),
  },
  'harm-myself-intent': {
    pattern: rx(
      String.raw`\b(?:quiero|quisiera|ganas de|voy a|pienso en|pensando en|tentad[oa] a) (?:\w+ )?(?:hacerme dano|lastimarme|cortarme|quemarme|golpearme)\b|\bme (?:volvi a cortar|corte a proposito|lastime a proposito|queme a proposito)\b`,
    ),
  },
  'self-injury-bleeding': {
    pattern: rx(
      String.raw`\bme (?:corte|cortaba|lastime|hice dano|hice una herida)\b(?: (?:\w+|\.)){0,6} (?:a proposito|adrede|a proposito|intencionalmente|queriendo)\b|\b(?:a proposito|adrede|intencionalmente)\b(?: (?:\w+|\.)){0,3} me (?:corte|lastime)\b|\b(?:me corte|me cortaba|cortarme|me lastime|autolesion\w*)\b(?: (?:\w+|\.)){0,6} (?:muy|demasiado|bien) (?:profundo|hondo)\b`,
    ),
    needs: rx(
      String.raw`\b(?:sangr\w*|sangre|chorros?|empapad\w*|(?:no )?para de sangrar|no se detiene|se ve (?:la grasa|el hueso)|puntadas|puntos)\b`,
    ),
  },
  'self-harm': {
    pattern: rx(
      String.raw`\bautolesi\w*\b|\b(?:me corte|me estoy cortando|me corto|cortarme|se corto|se corta) (?:las|la|mis|sus) (?:munecas?|venas|brazos?|piernas?)\b|\b(?:volvi|volvio|empece|empezo) a cortarme\b`,
    ),
  },
  suicide: {
    pattern: rx(String.raw`\bsuicid\w*\b`),
    unless: rx(String.raw`\b(?:se suicido|murio por suicidio|perdi a \w+ por (?:el )?suicidio)\b`),
  },
  'want-to-die': {
    pattern: rx(
      String.raw`\b(?:quiero|quisiera|queria|deseo|ganas de|prefiero|me gustaria|tengo ganas de) (?:\w+ )?(?:morir|morirme|estar muert[oa]|desaparecer (?:para siempre|del mundo)|no despertar|dormir (?:y no despertar|para siempre)|dejar de existir)\b|\bme quiero morir\b`,
    ),
    unless: rx(String.raw`\bmorir(?:me)? de (?:la )?(?:risa|verguenza|hambre|sueno|calor|frio|aburrimiento)\b`),
  },
  'wish-dead': {
    pattern: rx(
      String.raw`\bojala (?:me muera|me muriera|estuviera muert[oa]|no despierte|no hubiera nacido)\b|\bquisiera no haber nacido\b|\bestaria mejor muert[oa]\b|\bmejor muert[oa]\b`,
    ),
  },
  'not-want-to-live': {
    pattern: rx(
      String.raw`\bno (?:quiero|quiere|deseo|tengo ganas de) (?:seguir )?(?:vivir|viviendo|existir|estar aqui|estar vivo|estar viva|despertar(?:me)?)\b`,
    ),
  },
  'no-reason-to-live': {
    pattern: rx(
      String.raw`\bno (?:tengo|tiene|hay|encuentro) (?:ninguna |ningun )?(?:razon|razones|motivo|motivos|sentido|ganas) (?:para|de) (?:vivir|seguir)\b|\bno vale la pena (?:seguir )?(?:vivir|viviendo)\b|\b(?:la|mi) vida no (?:tiene sentido|vale la pena|vale nada)\b|\bnada por (?:que|lo que) vivir\b`,
    ),
  },
  'better-off-without-me': {
    pattern: rx(
      String.raw`\bnadie me (?:extranaria|va a extranar|extranaria si|echaria de menos)\b|\b(?:estarian|estan|estaran|vivirian) mejor sin mi\b|\bmejor (?:sin mi|si me muero|si no estuviera)\b`,
    ),
  },
  'want-it-to-end': {
    pattern: rx(
      String.raw`\bquiero que (?:todo|mi vida|esto) (?:se )?(?:acabe|termine)\b|\b(?:quiero|voy a) (?:acabar|terminar) con (?:todo|mi vida|esto de una vez)\b(?! (?:el|la|los|las)\b)`,
    ),
  },
  'can-not-go-on': {
    pattern: rx(
      String.raw`\bya no (?:aguanto|puedo) (?:mas (?:con )?(?:mi vida|la vida|vivir)|seguir (?:viviendo|asi|adelante)|vivir asi|con (?:mi vida|la vida))\b|\bno puedo seguir (?:viviendo|asi|adelante)\b`,
    ),
  },
  'thinking-of-ending': {
    pattern: rx(
      String.raw`\b(?:pienso|pensando|pensado|penso|piensa|pensamientos de|ideas de|fantaseo con) (?:mucho )?(?:en )?(?:quitarme la vida|matarme|suicid\w*|acabar con (?:todo|mi vida)|morirme|tomarme todas (?:las|mis) pastillas|tirarme|colgarme|la muerte|no despertar)\b|\bacabar con mi vida\b`,
    ),
  },
  'suicide-method': {
    pattern: rx(
      String.raw`\b(?:soga|cuerda|lazo) (?:al|en el|alrededor del) cuello\b|\b(?:carta|cartas|nota|notas) de (?:despedida|suicidio)\b|\b(?:juntando|guardando|acumulando) (?:mis |las )?(?:pastillas|pildoras|medicinas)\b|\b(?:pistola|arma) (?:en|a) (?:la|mi) cabeza\b|\bregal(?:e|ando) (?:todas )?mis cosas\b|\bya me despedi de\b|\beste es mi ultimo mensaje\b|\badios (?:para siempre|por siempre|mundo cruel|cruel mundo|mundo)\b|\besto es (?:un|mi) adios\b|\besta es mi despedida\b|\bme despido (?:de todos|de todo el mundo|para siempre)\b|\b(?:diganle|digale|dile|digan|decirle|diles) a mi (?:familia|mama|papa|madre|padre|esposa|esposo|pareja|hijos|hijas|hija|hijo) que (?:los|las|la|lo) (?:quiero|amo)\b`,
    ),
  },
  'tired-of-living': {
    pattern: rx(String.raw`\b(?:cansad[oa]|harto|harta|agotad[oa]) de (?:vivir|la vida|existir|mi vida|estar vivo|estar viva)\b`),
  },

  // ---- pregnancy bleeding or early labour ----
  'pregnancy-danger': {
    pattern: rx(String.raw`\b(?:embarazada|embarazo|semanas de embarazo|meses de embarazo|esperando (?:un )?bebe|trimestre)\b`),
    needs: rx(
      String.raw`\b(?:sangr\w*|hemorragia|manchado|manchando|contracciones|rompio la fuente|rompi (?:la )?fuente|sale (?:mucho )?liquido|salio (?:mucho )?liquido|dolor (?:muy )?(?:fuerte|intenso|horrible|terrible)|colicos fuertes|no se mueve|ya no se mueve|se mueve menos|no siento (?:al|el|a mi) bebe|no (?:lo|la) siento mover|desmay\w*|convulsion\w*|veo (?:lucecitas|puntitos|luces|borroso|estrellitas)|vision borrosa|dolor de cabeza (?:muy )?(?:fuerte|horrible|terrible))\b`,
    ),
  },
  'labour-early': {
    pattern: rx(
      String.raw`\b(?:se (?:me|le) rompio la fuente|rompi (?:la )?fuente|rompio (?:la )?fuente|rompi aguas|parto prematuro|trabajo de parto|estoy de parto|entrando en labor|contracciones cada \d+ minutos|estoy abortando|perdiendo (?:al|el|a mi) bebe|embarazo ectopico)\b`,
    ),
  },

  // ---- infant with a fever ----
  'infant-fever': {
    pattern: rx(
      String.raw`\b(?:recien nacid[oa]|neonato|lactante|bebito|bebita|${WHO} (?:\w+ )?bebe|bebe (?:de|recien)|de (?:\d+|un|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce) (?:dias?|semanas?)(?: de nacid[oa])?|(?:\d+|un|una|dos|tres|cuatro|cinco|seis) (?:dias?|semanas?) de nacid[oa]|de (?:1|2|3|un|dos|tres) (?:mes|meses)|(?:1|2|3|un|dos|tres) (?:mes|meses) de nacid[oa]|newborn|infant|baby)\b`,
    ),
    needs: rx(String.raw`\b(?:fiebre|calentura|febril|ardiendo|muy calient\w*|fever|${INFANT_FEVER_VALUE})\b`),
    unless: rx(
      String.raw`\b(?:[4-9]|1[0-9]|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce) (?:mes|meses)\b|\b(?:\d+|un|uno|una|dos|tres|cuatro|cinco) anos?\b|\bno tiene (?:fiebre|calentura)\b|\bsin fiebre\b`,
    ),
  },
  'child-fever-danger': {
    pattern: rx(String.raw`\b(?:fiebre|calentura|temperatura)\b`),
    needs: rx(
      String.raw`\b(?:cuello (?:rigido|tieso|duro)|manchas (?:moradas|que no (?:se )?(?:quitan|borran|desaparecen))|no (?:se )?(?:quiere )?despierta|dificil de despertar|muy decaid[oa]|aguadit[oa]|flacid[oa]|como (?:un )?trapo|no (?:ha )?(?:mojado|orinado|hecho pipi)|4[1-2](?:\.\d)?|10[5-7](?:\.\d)?)\b`,
    ),
  },

  // ---- cardiac ----
  'chest-pain': {
    pattern: rx(
      String.raw`\bdolor(?:es)? (?:\w+ ){0,3}(?:de|en el|en mi|en su|del) pecho\b|\b(?:me|le|te|nos) duele (?:\w+ ){0,2}(?:el|mi|su) pecho\b|\bpecho (?:me |le )?(?:duele|arde|aprieta|oprime)\b|\b(?:presion|opresion|apreton|peso|ardor|punzada|punzadas|dolor) (?:\w+ ){0,2}(?:en el|en mi|en su|del|de) pecho\b|\bpecho apretado\b|\b(?:siento|siente) (?:\w+ ){0,2}(?:apretado|pesado) el pecho\b`,
    ),
    unless: rx(String.raw`\b(?:agruras|acidez)\b`),
  },
  'heart-hurts': {
    pattern: rx(String.raw`\b(?:me|le) duele el corazon\b`),
    unless: rx(
      String.raw`\b(?:triste\w*|tristeza|me dejo|lo extrano|la extrano|los extrano|ruptura|terminamos|divorci\w*|sol[oa]|se murio|fallecio|agruras|acidez)\b`,
    ),
  },
  'heart-attack': {
    pattern: rx(
      String.raw`\b(?:infarto|ataque (?:al|del|de) corazon|ataque cardiaco|paro (?:cardiaco|cardiorespiratorio|respiratorio))\b(?! de (?:trabajo|labores|maestros|transporte))`,
    ),
  },
  'clutching-chest': {
    pattern: rx(String.raw`\b(?:agarra|agarrando|agarrandose|se agarro|apretando|se aprieta|tocandose|se toca) (?:el|su|mi) pecho\b`),
  },
  'radiating-pain': {
    pattern: rx(
      String.raw`\bdolor (?:\w+ ){0,5}(?:se (?:me |le )?(?:va|corre|pasa|baja|sube|extiende)|corre|baja|sube|se va) (?:\w+ ){0,2}(?:al|hacia el|por el|a la|hacia la|por la) (?:brazo|quijada|mandibula|cuello|espalda)\b`,
    ),
    needs: rx(String.raw`\b(?:pecho|corazon|sud\w*|sudor|falta (?:el )?aire|nausea\w*|quijada|mandibula|mare\w*)\b`),
  },
  'left-arm': {
    pattern: rx(
      String.raw`\bbrazo izquierdo (?:\w+ )?(?:adormecido|dormido|entumido|entumecido|hormigue\w*|duele|pesado|debil)\b|\b(?:dolor|hormigueo|adormecimiento) (?:en|del) (?:el )?brazo izquierdo\b`,
    ),
    needs: rx(String.raw`\b(?:pecho|corazon|sud\w*|sudor|falta (?:el )?aire|nausea\w*|mare\w*|quijada|mandibula)\b`),
  },
  'racing-heart': {
    pattern: rx(
      String.raw`\b(?:el )?corazon (?:me |le )?(?:late|palpita|esta latiendo|va|anda) (?:\w+ ){0,2}(?:rapido|rapidisimo|fuerte|a mil|acelerado|raro|irregular|muy rapido)\b|\b(?:corazon|pulso) (?:\w+ )?(?:acelerado|agitado|desbocado|a mil)\b|\bpalpitaciones\b|\btaquicardia\b`,
    ),
    needs: rx(
      String.raw`\b(?:mare\w*|desmay\w*|desvanec\w*|pecho|falta (?:el )?aire|no (?:puedo|puede) respirar|me voy a morir|se va a morir|confundid\w*|vista (?:borrosa|nublada|negra)|voy a desmayar)\b`,
    ),
    unless: rx(String.raw`\b(?:emocionad[oa]|enamorad[oa]|nervios[oa] por)\b`),
  },

  // ---- stroke ----
  stroke: {
    pattern: rx(String.raw`\b(?:derrame(?: cerebral)?|embolia(?: cerebral)?|ataque cerebral|accidente cerebrovascular|acv|ictus)\b`),
    unless: rx(String.raw`\bderrame (?:en el ojo|en los ojos|de petroleo|pleural)\b`),
  },
  'face-droop': {
    pattern: rx(
      String.raw`\b(?:cara|boca|sonrisa|labio|un lado de la cara|la mitad de la cara) (?:\w+ ){0,2}(?:caida|caido|torcida|torcido|chueca|chueco|paralizada|paralizado|colgando|desviada|ladeada)\b|\bse (?:le |me )?(?:cayo|torcio|desvio|ladeo|paralizo|durmio|chueco) (?:\w+ ){0,2}(?:la cara|la boca|un lado de la cara|la mitad de la cara|el labio)\b`,
    ),
  },
  'slurred-speech': {
    pattern: rx(
      String.raw`\b(?:habla|hablando|esta hablando) (?:\w+ ){0,2}(?:raro|rara|arrastrad\w*|enredad\w*|trabad\w*|incoherente\w*|sin sentido|mocho)\b|\barrastra(?:ndo)? (?:las )?palabras\b|\bno (?:puede|puedo|podia) hablar\b|\bno le salen las palabras\b|\bno se le entiende (?:lo que dice|nada|al hablar)\b|\bpalabras (?:arrastradas|enredadas)\b|\bslurr\w*\b`,
    ),
  },
  'one-side-weakness': {
    pattern: rx(
      String.raw`\b(?:mitad|un lado|lado (?:izquierdo|derecho)) del cuerpo (?:\w+ ){0,2}(?:dormid[ao]|adormecid[ao]|entumid[ao]|entumecid[ao]|paralizad[ao]|debil|no (?:lo|la) siente|no (?:se )?mueve|pesad[ao])\b|\b(?:adormecid[ao]|dormid[ao]|entumid[ao]|entumecid[ao]|paralizad[ao]|debil|no siente) (?:\w+ ){0,4}(?:un lado|la mitad|el lado (?:izquierdo|derecho))(?: del cuerpo| de la cara)?\b|\bse (?:le |me )?(?:durmio|adormecio|entumio|entumecio|paralizo) (?:\w+ ){0,2}(?:un lado|la mitad|el lado (?:izquierdo|derecho))\b`,
    ),
  },
  'arm-weakness': {
    pattern: rx(
      String.raw`\b(?:no|casi no) (?:puede|puedo|podia) (?:mover|levantar|alzar|sostener) (?:el|la|los|las|su|mi|sus|mis) (?:brazo|brazos|pierna|piernas|mano|manos)\b`,
    ),
    needs: rx(
      String.raw`\b(?:de repente|de pronto|de golpe|repentin\w*|cara|boca|habla\w*|palabras|dormid\w*|adormec\w*|entum\w*|confundid\w*|derrame|un lado)\b`,
    ),
  },
  'sudden-vision-headache': {
    pattern: rx(
      String.raw`\b(?:el )?peor dolor de cabeza (?:de (?:mi|su|toda mi|toda su) vida|que (?:he|ha) tenido)\b|\bdolor de cabeza (?:\w+ ){0,3}(?:como (?:un )?(?:trueno|rayo|explosion|balazo)|explosivo)\b|\b${SUDDEN}(?: \w+){0,3} (?:un )?dolor (?:de|en la) cabeza (?:\w+ ){0,2}(?:fuerte|horrible|terrible|insoportable|intenso)\b|\bdolor (?:de|en la) cabeza (?:\w+ ){0,2}(?:fuerte|horrible|terrible|insoportable|intenso) ${SUDDEN}\b|\b${SUDDEN} (?:\w+ ){0,2}(?:no (?:puedo|puede) ver|perdio la vista|perdi la vista|veo doble|ve doble|se quedo ciego|se quedo ciega|me quede ciego|me quede ciega)\b`,
    ),
  },

  // ---- breathing ----
  'can-not-breathe': {
    pattern: rx(
      String.raw`\b(?:no|casi no|apenas) (?:puedo|puede|pueden|podemos|podia|puedes|logra) respirar\b|\b(?:le|me|te|nos) (?:cuesta|esta costando|cuesta mucho) respirar\b|\bdificultad (?:para|al) respirar\b|\b(?:me|le|nos|te) falta (?:el )?aire\b|\brespira(?:ndo)? con (?:mucha )?dificultad\b|\bno (?:le|me) entra (?:el )?aire\b|\bsin poder respirar\b|\bcan not breathe\b`,
    ),
    unless: rx(String.raw`\bnariz (?:tapada|congestionada|tapadita)\b|\bpor la nariz\b`),
  },
  'not-breathing': {
    pattern: rx(
      String.raw`\bno respira\b|\bdejo de respirar\b|\b(?:labios|cara|boca|dedos|piel|unas) (?:\w+ ){0,2}(?:azules|azul|morad[oa]s?|moradit[oa]s|grises)\b|\bse (?:esta )?poniendo (?:azul|morad[oa])\b|\bse puso (?:azul|morad[oa])\b|\bjadeando\b|\bboqueando\b`,
    ),
  },
  'short-of-breath': {
    pattern: rx(
      String.raw`\b(?:falta de aire|sin aliento|me ahogo|se ahoga|siento que me ahogo|ataque de asma|crisis de asma|sibilancias)\b`,
    ),
    unless: rx(
      String.raw`\b(?:cuando|despues de|al) (?:camin\w*|subir|corr\w*|hacer ejercicio|ejercicio|escaleras|acostarme|dormir)\b|\ba veces\b|\bpor (?:semanas|meses|anos)\b|\bde noche\b|\bpor las mananas\b|\bcon (?:comida|un pedazo|un dulce|algo)\b|\ben (?:la|el) (?:alberca|piscina|pileta|agua|mar|rio|lago|tina)\b`,
    ),
  },
  'wheezing-severe': {
    pattern: rx(String.raw`\b(?:asma|ataque de asma|silbido|sibilancias|falta de aire)\b`),
    needs: rx(
      String.raw`\b(?:inhalador|nebulizador|bomba|bombita|pompa|albuterol|salbutamol|puff) (?:\w+ ){0,2}no (?:le |me )?(?:funciona|sirve|ayuda|hace nada|esta funcionando|esta sirviendo)\b|\blabios (?:azules|morados)\b|\bno (?:puede|puedo) hablar\b`,
    ),
  },

  // ---- anaphylaxis ----
  anaphylaxis: {
    pattern: rx(
      String.raw`\b(?:anafila\w*|choque anafilactico|reaccion alergica (?:\w+ )?(?:grave|fuerte|seria|severa))\b|\b(?:esta|estoy|esta teniendo|tiene|le (?:esta )?dando|le dio|me dio|me esta dando) (?:una )?reaccion alergica\b`,
    ),
    unless: rx(String.raw`\b(?:leve|ligera|pequena|poquita)\b`),
  },
  'throat-closing': {
    pattern: rx(
      String.raw`\b(?:se (?:me|le|te) )?(?:esta )?cerrando la garganta\b|\bgarganta (?:\w+ ){0,2}(?:cerrando|cerrada|se cierra|se cerro|apretada)\b|\bse (?:me|le|te) (?:cierra|cerro) la garganta\b|\bse (?:me|le|te) (?:esta )?(?:hinchando|hincho|inflamo|inflamando|cerrando) (?:la garganta|el cuello)\b|\bthroat (?:is )?closing\b`,
    ),
  },
  'allergic-swelling': {
    pattern: rx(
      String.raw`\b(?:lengua|labios?|cara|boca|ojos|parpados|garganta) (?:\w+ ){0,2}(?:hinchad[oa]s?|inflamad[oa]s?|se (?:esta|estan) hinchando|hinchandose)\b|\bse (?:me|le|te|nos) (?:esta |estan )?(?:hinchando|hincharon|hincho|hinchan|inflamo|inflamaron|inflamando) (?:\w+ ){0,2}(?:la lengua|los labios|el labio|la cara|la boca|los ojos|los parpados)\b|\bronchas (?:por todo el cuerpo|en todo el cuerpo|por todas partes)\b`,
    ),
    needs: rx(
      String.raw`\b(?:alergi\w*|comi\w*|comio|camaron\w*|mariscos?|mani|cacahuate\w*|nueces|nuez|picadura|pico|picaron|abeja|avispa|ronchas|reaccion|despues de (?:tomar|comer)|antibiotico|penicilina|amoxicilina|epipen|respir\w*|tragar|aire)\b`,
    ),
    unless: rx(String.raw`\b(?:dolor de garganta|amigdal\w*|anginas|golpe|pelea|muela)\b`),
  },
  'epipen-used': {
    pattern: rx(
      String.raw`\b(?:use|uso|usamos|le puse|le pusimos|le di|me puse|inyecte|inyecto|tuve que usar|tuvimos que usar) (?:el |la |su |mi )?(?:epipen|epi pen|epinefrina|adrenalina)\b`,
    ),
  },

  // ---- severe bleeding ----
  'heavy-bleeding': {
    pattern: rx(
      String.raw`\bsangr(?:a|ando|e|o|aba) (?:\w+ ){0,3}(?:mucho|muchisimo|demasiado|bastante|sin parar|a chorros|como loco|sin control|un monton)\b|\bno (?:para|paro|deja|dejaba|ha parado|ha dejado|dejo) de sangrar\b|\bno (?:puedo|podemos|puede|pudimos) (?:parar|detener|controlar|contener) (?:el sangrado|la sangre|la hemorragia)\b|\b(?:el sangrado|la sangre|la hemorragia) no (?:para|se detiene|se para|se quita|deja de salir|se controla|se corta)\b|\b(?:sale|esta saliendo|salio|le sale|me sale|se sale) (?:mucha|muchisima|demasiada|bastante) sangre\b|\bhemorragia\b|\bsangre (?:a chorros|por todas partes|por todos lados)\b|\bperdio mucha sangre\b|\bempapad[oa] (?:de|en) sangre\b`,
    ),
    unless: rx(String.raw`\b(?:regla|periodo|menstrua\w*|encias|nariz|hemorroides|almorranas)\b`),
  },
  'vomiting-blood': {
    pattern: rx(
      String.raw`\b(?:vomit\w*|devolviendo|tosiendo|escupiendo|escupe|tose) (?:\w+ )?sangre\b|\b(?:lo|la|me|le|les|nos) (?:apunalaron|acuchillaron|balacearon|dispararon|balearon|picaron con un cuchillo)\b|\b(?:apunalad[oa]|acuchillad[oa]|balead[oa]|herida de bala|un balazo)\b|\b(?:se amputo|se arranco|perdio) (?:un|el|la) (?:dedo|mano|pie)\b|\bdedo (?:amputado|arrancado)\b`,
    ),
  },

  // ---- overdose and poisoning ----
  overdose: { pattern: rx(String.raw`\b(?:sobredosis|sobre dosis|overdose)\b`) },
  'took-too-many': {
    pattern: rx(
      String.raw`\b(?:(?:se|me|te) )?(?:tomo|tome|trago|trague|comio|comi|bebio|tomaron|se tomaron) (?:\w+ ){0,2}(?:todas (?:las|sus|mis) (?:\w+ )?${PILLS}|todo el (?:frasco|bote|pomo|jarabe)|(?:un|el) (?:frasco de )?jarabe (?:entero|completo)|un frasco (?:entero|completo|de pastillas)|el frasco|muchas (?:\w+ )?${PILLS}|demasiad[oa]s (?:\w+ )?${PILLS}|demasiad[oa] (?:medicina|insulina|tylenol|\w+ina)|un punado de (?:\w+ )?${PILLS}|(?:\d{2,}|diez|doce|quince|veinte|treinta|cuarenta|cincuenta|varias|un monton de) (?:\w+ )?${PILLS})\b`,
    ),
    unless: rx(String.raw`\bcomo (?:me )?(?:lo )?(?:indic\w*|recet\w*|dijo el doctor|dijo la doctora)\b`),
  },
  'poison-ingested': {
    pattern: rx(
      String.raw`\b(?:(?:se|me|te) )?(?:trago|trague|tomo|tome|bebio|bebi|comio|comi|chupo|mordio|mastico|ingirio|metio a la boca|se metio) (?:\w+ ){0,4}${CHEMICALS}\b|\b(?:se|me) (?:trago|trague|comio|comi|mordio|mastico) (?:\w+ ){0,3}${PILLS}\b|\b(?:nino|nina|ninos|hijo|hija|bebe|nieto|nieta|sobrin[oa]|\d+ anos?|chiquit[oa]) (?:\w+ ){0,3}(?:se )?(?:tomo|trago|comio|bebio|agarro) (?:\w+ ){0,3}${PILLS}\b|\benvenen\w*\b|\bintoxica\w*\b|\bcontrol de (?:venenos|envenenamiento)\b|\bmonoxido de carbono\b|\bcarbon monoxide\b`,
    ),
    unless: rx(
      String.raw`\b(?:me|yo) (?:tome|trague|tomo) (?:\w+ )?(?:mi|mis|la|las|una) (?:pastilla|pastillas|medicina|medicinas|vitaminas?|tableta)\b|\b(?:no puedo|me cuesta|dificultad para|duele al) tragar\b|\bintoxicacion (?:alimentaria|por (?:comida|alimentos))\b|\bcomo (?:me )?(?:lo )?(?:indic\w*|recet\w*)\b`,
    ),
  },
  'pills-with-alcohol': {
    pattern: rx(
      String.raw`\b(?:tom\w+|mezcl\w+|combin\w+|trag\w+) (?:\w+ ){0,3}(?:pastillas|xanax|clonazepam|alprazolam|opioides|oxicodona|fentanilo|pastillas para dormir|calmantes|tranquilizantes) (?:\w+ ){0,2}(?:con|y) (?:alcohol|tequila|cerveza|vino|vodka|ron|whisky|licor|guaro|aguardiente|mezcal)\b`,
    ),
  },

  // ---- seizure ----
  'seizing-now': {
    pattern: rx(
      String.raw`\b(?:esta|estoy|estan) (?:teniendo )?(?:una |otra )?(?:convulsion\w*|convulsionando)\b|\bconvulsionando\b|\bconvulsion (?:que )?no (?:para|se detiene|se quita)\b|\b(?:le (?:esta dando|dio)|tiene) (?:un|una) (?:ataque|convulsion)\b(?=.*\b(?:tembland\w*|sacudi\w*|no responde|ojos (?:volteados|en blanco)|espuma|ahora)\b)|\bojos (?:volteados|en blanco)\b|\bseizing\b`,
    ),
  },
  seizure: {
    pattern: rx(String.raw`\b(?:convulsion|convulsiones|ataque epileptico|ataques epilepticos)\b`),
    unless: rx(
      String.raw`\b(?:medicina|medicinas|medicamento|pastillas|tratamiento) (?:para|de) (?:las )?(?:convulsiones|epilepsia)\b|\bepilep\w*\b`,
    ),
  },

  // ---- unresponsive or collapsed ----
  unresponsive: {
    pattern: rx(
      String.raw`\b(?:inconsciente|no responde|no reacciona|no contesta cuando (?:le|la|lo) hablo|no (?:se )?despierta|no (?:lo|la) (?:puedo|podemos) despertar|no puedo despertarl[oa]|perdio el conocimiento|perdio la conciencia|perdio el sentido|sin pulso|no tiene pulso|no se mueve|sin moverse|se quedo como muert[oa])\b`,
    ),
    unless: rx(String.raw`\b(?:dedo|dedos|brazo|pierna|rodilla|cuello|hombro|mano|pie|tobillo|bebe|muela|diente) no se mueve\b`),
  },
  collapsed: {
    pattern: rx(String.raw`\b(?:se desmayo|se desvanecio|se privo|se cayo desmayad[oa]|se desplomo|colapso|se nos fue|desmayad[oa])\b`),
    unless: rx(String.raw`\b(?:me desmaye|casi me desmayo|casi se desmay\w*|me dio un desmayo)\b`),
  },

  // ---- choking ----
  choking: {
    pattern: rx(
      String.raw`\b(?:se (?:esta |estan )?(?:atragant\w*|atoro|atoraron|atorando)|atragantad[oa]|atorad[oa]|se (?:esta )?ahogando con|se ahogo con|se ahoga con)\b|\b(?:algo|comida|un pedazo de \w+|un dulce|una moneda|un hueso|una espina) (?:\w+ )?(?:atorad[oa]|atascad[oa]|trabad[oa]) en (?:la|su|mi) garganta\b`,
    ),
    unless: rx(String.raw`\b(?:a veces|siempre|seguido|cada vez que)\b`),
  },

  // ---- a weapon in hand, thoughts of harming others, being attacked ----
  'weapon-fear': {
    pattern: rx(
      String.raw`\b(?:tengo|tiene|agarre|agarro|traigo|trae|con|sostengo) (?:un|una|el|la|mi|su) (?:\w+ )?(?:cuchillo|pistola|arma|navaja|machete|rifle|escopeta|revolver|bate|fusca|cuete|gun|knife)\b`,
    ),
    needs: rx(
      String.raw`\b(?:miedo de (?:lo que|que)|(?:pienso|pensando|piensa|quiero|quiere|voy a|va a|ganas de) (?:en )?(?:usarl[oa]|matar\w*|lastimar\w*|hacer(?:me|le|les)? dano|disparar\w*)|perder el control|(?:lo|la|me|nos) (?:esta |estan )?amenaz\w*|hacer algo malo)`,
    ),
  },
  'harm-others': {
    pattern: rx(
      String.raw`\b(?:quiero|quiere|voy a|va a|ganas de|pienso en|pensando en|miedo de|planeo|planeando) (?:\w+ )?(?:matar|lastimar|apunalar|disparar\w*|ahorcar|asfixiar|ahogar|hacerle dano) (?:a )?(?:alguien|mi \w+|su \w+|el|ella|ellos|ellas|la gente|todos|el bebe|mis hijos)\b|\bhomicida\b`,
    ),
    unless: rx(String.raw`\b(?:jaja\w*|jeje\w*|broma|bromeando|videojuego|en el juego|lol)\b`),
  },
  'being-attacked': {
    pattern: rx(
      String.raw`\b(?:me|nos|la|lo) (?:esta|estan) (?:atacando|golpeando|pegando|ahorcando|amenazando con (?:un|una) (?:cuchillo|pistola|arma))\b|\b(?:esta|estan) (?:tratando de |queriendo )?(?:entrar|meterse|metiendose) (?:a|en) (?:la|mi|nuestra) casa\b|\b(?:me|nos) (?:quiere|quieren) matar\b`,
    ),
  },

  // ---- trauma: spine, open fracture, crashes ----
  'spine-injury': {
    pattern: rx(
      String.raw`\b(?:no (?:puede|puedo|podia) (?:mover|sentir)|no (?:siente|siento|sentia)) (?:\w+ )?(?:las|los|sus|mis|la|el) (?:piernas?|pies|pie|brazos?|manos?|dedos de los pies|cuerpo)\b|\b(?:no siente nada|paralizad[oa]|sin sensibilidad) (?:de|desde) (?:la cintura|el cuello|el pecho)(?: para abajo)?\b|\blesion (?:de|en la) (?:columna|medula)\b`,
    ),
    needs: rx(
      String.raw`\b(?:cayo|cai|caida|cayendo|choque|chocamos|choco|accidente|atropell\w*|se tiro|clavado|se aviento|golpe\w*|lesion\w*|cuello|columna|espalda|techo|escalera\w*|caballo|moto|bicicleta|trampolin|arbol|piscina|alberca)\b`,
    ),
  },
  'open-fracture': {
    pattern: rx(
      String.raw`\bse (?:le |me )?ve el hueso\b|\bhueso (?:\w+ )?(?:salido|expuesto|de fuera|afuera|por fuera)\b|\bse (?:le |me )?salio el hueso\b|\bfractura expuesta\b|\bel hueso (?:le |me )?(?:sale|salio|atraveso|rompio) (?:\w+ )?(?:la piel)?\b|\b(?:pierna|brazo|tobillo|muneca) (?:\w+ )?(?:doblad[oa]|torcid[oa]|volteado) (?:al reves|para atras|hacia atras|de lado)\b`,
    ),
  },
  'crash-injury': {
    pattern: rx(
      String.raw`\batropell\w*\b|\bun (?:carro|coche|auto|camion|bus) (?:lo|la|me|le) (?:golpeo|pego|atropello|arrollo)\b|\b(?:choque|accidente (?:de carro|de auto|de coche|de moto|de transito)|volcadura)\b(?=.*\b(?:sangr\w*|inconsciente|no se mueve|atrapad[oa]|prensad[oa]|desmay\w*|no respira|herid[oa]s?)\b)|\batrapad[oa] (?:en|dentro de|debajo de) (?:el|un|la) (?:carro|coche|auto|vehiculo|escombros)\b`,
    ),
  },

  // ---- environmental ----
  'electric-shock': {
    pattern: rx(
      String.raw`\belectrocut\w*\b|\b(?:le|me|nos|les) (?:cayo|pego) un rayo\b|\b(?:descarga|choque|toque) electric[oa]\b(?=.*\b(?:inconsciente|desmay\w*|confundid\w*|no respira|no responde|pecho|corazon|quemad\w*|no se mueve|cayo|convulsion\w*)\b)|\b(?:toco|agarro) (?:un |el |los )?(?:cable|cables) (?:de alta tension|de luz|pelados?)\b`,
    ),
  },
  'severe-burn': {
    pattern: rx(
      String.raw`\bquemadura\w* (?:\w+ )?(?:grave|graves|fuerte|fuertes|profunda|profundas|de tercer grado|grande|grandes)\b|\bse (?:le |me )?(?:prendio|incendio|quemo) (?:la ropa|el pelo)\b|\bse (?:esta )?quemando (?:viv[oa])\b|\binhal\w* (?:mucho )?humo\b|\b(?:respiro|respiramos|tragamos|trago|respire) (?:mucho )?humo\b|\b(?:quimico|acido|cloro|lejia) (?:\w+ )?(?:en|a) (?:los|el|sus|mis) ojos?\b`,
    ),
    unless: rx(String.raw`\bquemadura de sol\b|\bme queme con el sol\b|\bagruras\b|\bacidez\b`),
  },
  drowning: {
    pattern: rx(
      String.raw`\b(?:casi se (?:ahoga|ahogo)|casi me ahogo|se (?:esta )?ahogando en|se ahogo en|ahogamiento)\b|\b(?:sacamos|saque|sacaron|lo sacaron|la sacaron) (?:\w+ ){0,3}(?:de la|del) (?:piscina|alberca|agua|lago|rio|mar|tina|banera|pileta)\b|\b(?:lo|la) encontr\w* (?:\w+ ){0,3}(?:flotando|boca abajo|bajo el agua) en\b`,
    ),
  },
  'heat-stroke': {
    pattern: rx(
      String.raw`\bgolpe de calor\b|\binsolacion\b|\b(?:ya no|dejo de|no esta|no) (?:suda|sudando|sudar)\b|\bhipotermia\b|\bpiel (?:\w+ )?(?:caliente y seca|muy caliente y seca)\b`,
    ),
    needs: rx(String.raw`\b(?:${MENTAL_CHANGE}|vomit\w*|no suda|ya no suda|dejo de sudar|caliente y seca|dejo de temblar)\b`),
  },

  // ---- diabetic emergency ----
  'sugar-crisis': {
    pattern: rx(
      String.raw`\b(?:azucar|glucosa|glicemia|glucemia|nivel de azucar|sugar) (?:\w+ ){0,3}?(?:en |de |a |salio en |salio |esta en |marca |bajo a |subio a |dice |is |at )*${SUGAR_CRISIS_VALUE}\b|\b(?:hipoglucemia|hipoglicemia|coma diabetico|cetoacidosis|choque (?:de )?insulina|azucar (?:muy )?(?:baja|bajisima|alta|altisima|por las nubes))\b`,
    ),
    needs: rx(
      String.raw`\b(?:${MENTAL_CHANGE}|temblando y sudando|sudando y temblando|temblando (?:\w+ ){0,2}sudando|respira (?:\w+ )?(?:rapido|agitad[oa]|fuerte)|aliento (?:a fruta|afrutado)|no (?:puede|puedo) (?:tragar|comer))\b`,
    ),
  },

  // ---- sudden severe pain ----
  'sudden-severe-pain': {
    pattern: rx(
      String.raw`\b${SUDDEN}(?: \w+){0,3} (?:un )?dolor (?:\w+ ){0,3}(?:insoportable|horrible|terrible|muy fuerte|intensisimo|desgarrador)\b|\bel peor dolor de (?:mi|su) vida\b|\b(?:estomago|panza|barriga|abdomen) (?:\w+ )?(?:dur[oa] como (?:una )?(?:piedra|tabla)|rigid[oa])\b|\bdolor (?:\w+ )?(?:fuerte|repentino|horrible) en (?:el|un|los) testicul\w*\b|\bvomit\w* (?:como )?(?:cafe molido|asientos de cafe)\b|\b(?:popo|heces|excremento) negr[oa]s?\b`,
    ),
  },

  // ---- head injury with confusion or vomiting ----
  'head-injury': {
    pattern: rx(
      String.raw`\b(?:se (?:pego|golpeo|dio un golpe|lastimo)|me (?:pegue|golpee|di un golpe)|golpe|golpazo|trancazo|madrazo|cayo) (?:\w+ ){0,4}(?:en )?(?:la )?cabeza\b|\b(?:lesion|herida|trauma|traumatismo) (?:en la cabeza|craneal|en el craneo)\b|\bconmocion\b|\b(?:se cayo|cayo|me cai) (?:de|del|desde) (?:la |el |una |un )?(?:escalera|escaleras|techo|bicicleta|bici|caballo|arbol|cama|balcon|andamio|moto)\b`,
    ),
    needs: rx(
      String.raw`\b(?:${MENTAL_CHANGE}|vomit\w*|devolvi\w*|perdio el conocimiento|vision (?:borrosa|doble)|ve (?:doble|borroso)|mare\w*|sangr\w*|no se acuerda|no recuerda|actua (?:raro|extrano)|anticoagulante\w*|warfarina|eliquis|xarelto)\b`,
    ),
  },
};
