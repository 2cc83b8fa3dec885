import type { ClinicalPhrasing } from './clinical-phrasing';
import { DRUG_NAMES, DRUG_SUFFIX, NOT_DRUGS } from './lexicon/drug-names';

/**
 * The clinical rules (clinical-detector.ts) in Spanish, over normalizeSpanish text (no accents).
 * A medicine with a question about taking it is clinical; so are symptoms, results to interpret
 * and distress. A plain refill stays a request.
 */
function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((w) => w.length > 0));
}

/** Spanish names of common medicines, beside the English names patients also use. */
export const SPANISH_DRUG_NAMES = words(`
  metformina amoxicilina ibuprofeno paracetamol acetaminofen acetaminofeno aspirina insulina
  atorvastatina simvastatina rosuvastatina levotiroxina prednisona omeprazol losartan lisinopril
  amlodipina metoprolol naproxeno diclofenaco ciprofloxacino azitromicina cefalexina penicilina
  loratadina cetirizina salbutamol clonazepam alprazolam sertralina fluoxetina escitalopram
  gabapentina tramadol warfarina clopidogrel furosemida hidroclorotiazida glibenclamida
  tylenol advil motrin aleve xanax ozempic jardiance eliquis xarelto synthroid lipitor`);

const DRUG_WORDS_ES = words(`
  pastilla pastillas pildora pildoras tableta tabletas capsula capsulas medicina medicinas
  medicamento medicamentos jarabe gotas inyeccion inyecciones antibiotico antibioticos
  analgesico analgesicos antidepresivo antidepresivos crema pomada parche inhalador vacuna`);

const SYMPTOMS_ES = words(`
  dolor dolores duele duelen fiebre calentura tos tosiendo vomito vomitos vomitando vomito
  diarrea nausea nauseas mareo mareos mareado mareada sarpullido ronchas comezon picazon
  ardor hinchazon hinchado hinchada inflamado inflamada moreton moretones sangrado flema
  escalofrios congestion congestionado estrenimiento colicos calambres migrana jaqueca
  gripa gripe resfriado infeccion herida ampolla granos acne alergia alergias asma
  insomnio cansancio fatiga debilidad entumecimiento hormigueo palpitaciones quemadura`);

const CONDITIONS_ES = words(`
  diabetes hipertension presion alta colesterol artritis tiroides cancer tumor covid
  neumonia bronquitis sinusitis otitis anemia epilepsia migranas gastritis ulcera hernia
  embarazo embarazada infeccion urinaria`);

const BODY_PARTS_ES = words(`
  cabeza garganta pecho estomago panza barriga espalda rodilla rodillas pierna piernas brazo
  brazos mano manos pie pies tobillo muneca hombro cuello oido oidos ojo ojos nariz boca
  diente dientes muela muelas piel cadera costillas rinon rinones vejiga pulmones corazon
  dedo dedos una unas codo lengua labios encias cara`);

const MENTAL_ES = words(`
  ansiedad ansioso ansiosa deprimido deprimida depresion triste tristeza panico
  angustia angustiado angustiada estresado estresada estres soledad`);

const WEAK_MENTAL_ES = words(`solo sola nervios nervioso nerviosa preocupado preocupada llorar llorando desesperado desesperada`);

export const SPANISH_CLINICAL: ClinicalPhrasing = {
  vaccine: /\b(?:vacunas?|vacunacion|inmunizacion\w*|refuerzo|gripe|covid|tetanos|sarampion|hepatitis|vph)\b/,
  vaccineService:
    /\b(?:tienen|ponen|dan|ofrecen|aplican|hay|puedo (?:ir|pasar|venir)|cuesta|cuanto|gratis|cubre|disponible\w*|cita|sin cita)\b/,
  vaccineClinical:
    /\b(?:segur[oa] (?:para|si)|efectos? secundarios?|reaccion|alergi\w*|embarazada|lactancia|amamant\w*|enferm[oa]|fiebre|despues de (?:la|mi|su)|duele|dolor|hinchad[oa]|debo|necesito (?:otra|la segunda)|cada cuanto)\b/,
  medQuestion:
    /\b(?:dosis|cuant[oa]s? (?:pastillas|tabletas|mg|ml|gotas|veces|le doy|me tomo|puedo|debo|jarabe)|cuanto (?:le doy|me tomo|puedo tomar|jarabe|tiempo)|cada cuant[oa]|puedo tomar|puede tomar|se puede tomar|debo tomar|tomar(?:la|lo|las|los)? (?:con|junto|despues|antes|si)|con (?:alcohol|cerveza|vino|comida|leche)|junt[oa]s|mezclar|combinar|efectos? secundarios?|me (?:da|dio|esta dando|causa|provoca|hace sentir|cae mal)|le (?:da|dio|esta dando|causa|provoca)|me siento (?:\w+ )?(?:mal|mareado|mareada|raro|rara)|desde que (?:empece|empezo|tomo|tome)|puede causar|causa|causar|reaccion|embarazada|lactancia|amamantando|es segur[oa]|es malo|es normal|peligroso|dejar de tomar|olvide|se me olvido|no (?:me )?(?:la|lo) tome|doble|para que sirve|sirve para|mg|miligramos|ml|la tomo|lo tomo|me la tomo|me lo tomo|interaccion\w*)\b/,
  weakQuestion: /\?|^(?:que|como|por que|cuando|cual|es|son|puedo|puede|debo|deberia)\b|\b(?:puedo|debo|es normal|esta bien)\b/,
  refill:
    /\b(?:refill\w*|resurt\w*|surtir\w*|surtan|surta|renov\w*|renuev\w*|rellen\w*|se me acabaron|se me acabo|se me estan acabando|me quede sin|ya no tengo (?:mis|mi)|necesito mas|mandar (?:\w+ )?(?:receta|a la farmacia)|manden (?:\w+ )?(?:receta|a la farmacia)|farmacia|cvs|walgreens|walmart|receta nueva|nueva receta|otra receta|se vence|vencio|vencida)\b/,
  appointment:
    /\b(?:cita|citas|agendar|hacer una cita|programar|reprogramar|cambiar (?:mi|la) cita|cancelar|consulta|ver (?:a )?(?:la |el )?(?:doctor|doctora)|disponible|disponibilidad|turno)\b/,
  resultsSubject:
    /\b(?:resultados?|analisis|laboratorio|examen(?:es)? de (?:sangre|orina)|prueba\w*|colesterol|azucar|glucosa|tiroides|a1c|hemoglobina|radiografia|rayos x|ultrasonido|tomografia|resonancia|biopsia|mamografia|papanicolau)\b/,
  resultsMeaning:
    /\b(?:que significa\w*|significan|significado|salio (?:alto|alta|bajo|baja|positivo|positiva|mal|raro)|salieron (?:altos|bajos|mal|raros|normales)|salio en|alto|alta|bajo|baja|elevad[oa]s?|positivo|positiva|negativo|negativa|anormal\w*|normal\w*|explique|explicar|explicacion|preocupa\w*|es malo|esta mal|revisar|hablar de|sobre mis)\b/,
  resultsTiming:
    /\b(?:cuanto tarda\w*|cuando (?:estan|estaran|llegan|salen|me dan)|en cuantos dias|listos|ya (?:estan|llegaron|salieron))\b/,
  interpretation: /\b(?:significa\w*|alto|alta|bajo|baja|elevad[oa]s?|positiv[oa]|anormal\w*|explique|explicar)\b/,
  healthQuestion:
    /\b(?:remedio\w* (?:casero\w* )?para|cura para|tratamiento para|como (?:se )?(?:trata|cura|quita)|es contagios[oa]|se contagia|diagnostic\w*|me hago la prueba|hacerme la prueba|primeros auxilios|puntos|suturas)\b/,
  firstPersonFeel: /\b(?:me siento|me he sentido|me sentia|he estado|estoy muy|me pongo|me hace sentir)\b/,
  medicineOnlyQuestion:
    /\b(?:efectos? secundarios?|dosis|miligramos|contraindicac\w*|generico de|interaccion\w*|para que sirve|cuanto tiempo (?:dura|tarda) en (?:hacer efecto|el cuerpo|la orina))\b/,
  ownedBodyPart:
    /\b(?:me|le|te|nos|les) (?:duele|duelen|arde|arden|pica|pican|sangra|sangran|zumba|zumban|late|molesta|molestan)\b|\b(?:mi|su|sus|mis|tu) (?:rodilla|rodillas|espalda|cabeza|garganta|estomago|panza|pecho|oido|oidos|ojo|ojos|piel|pierna|piernas|brazo|brazos|mano|manos|pie|pies|tobillo|muneca|hombro|cuello|cadera|diente|muela|encias|presion|azucar|periodo|regla|vista|memoria|sueno) (?:\w+ )?(?:hinchad[oa]s?|inflamad[oa]s?|roj[oa]s?|morad[oa]s?|duele|duelen|esta|estan|tiene|no|me|le|sigue)\b/,
  functionTrouble:
    /\b(?:no (?:puedo|puede) (?:dormir|ver bien|oir bien|caminar|comer|tragar|orinar|hacer pipi|concentrarme|recordar)|me cuesta (?:dormir|tragar|caminar|orinar|concentrarme)|dificultad para (?:dormir|tragar|caminar|orinar|ver|oir))\b/,
  injury:
    /\b(?:me|se|le) (?:corte|corto|queme|quemo|torci|torcio|lastime|lastimo|golpee|golpeo|pegue|pego|cai|cayo|fractur\w*|rompi|rompio|dislo\w*|mordio|pico)\b/,
  feelState:
    /\b(?:me siento|se siente|me he sentido|estoy|esta|ando) (?:muy |bien |algo |un poco |super )?(?:mal|enferm[oa]|cansad[oa]|debil|mareado|mareada|raro|rara|decaid[oa]|agotad[oa]|sin fuerzas|sin energia|con nauseas|hinchad[oa]|afiebrad[oa]|resfriad[oa]|agripad[oa])\b/,
  fall: /\b(?:me cai|se cayo|nos caimos|se resbalo|me resbale|me tropece|se tropezo)\b/,
  phraseDrug:
    /\b(?:pastillas? (?:para|de) (?:la |el )?\w+|anticonceptiv\w*|la pildora|pildora del dia siguiente|vitamina [a-z0-9]+|anticoagulante\w*|antiinflamatorio\w*|gotas para (?:los )?ojos)\b/,
  drugSuffix: DRUG_SUFFIX,
  conditionContext: /\b(?:tengo|tiene|tuve|me dio|le dio|sintomas?|tratar|curar|para la|para el)\b/,
  drugNames: new Set([...DRUG_NAMES, ...SPANISH_DRUG_NAMES]),
  notDrugs: NOT_DRUGS,
  drugWords: DRUG_WORDS_ES,
  symptomWords: SYMPTOMS_ES,
  conditionWords: words(
    'infarto infartos derrame embolia convulsion convulsiones sobredosis diabetes hipertension artritis cancer tumor neumonia bronquitis sinusitis anemia epilepsia gastritis ulcera hernia covid',
  ),
  bodyPartWords: BODY_PARTS_ES,
  weakSymptomWords: words('molestia molestias malestar raro rara inflamacion'),
  weakConditionWords: CONDITIONS_ES,
  mentalWords: MENTAL_ES,
  weakMentalWords: WEAK_MENTAL_ES,
};
