/**
 * Health vocabulary for the clinical detector: symptoms, conditions, body parts and
 * mental-health words, as patients type them (after normalisation). Written for this project.
 */
const SYMPTOMS = `
injured twinge oozing ooze heal healing unhealed scab scabs whiteheads blackheads eruptions
freezing shivers sneezes soreness hairfall sunstroke hangover nauseous lightheadedness
pain pains painful hurt hurts hurting hurted ache aches aching achy sore soreness fever
fevers feverish chills shivering sweats sweating cough coughing coughs sneezing
sneeze congested congestion stuffy runny phlegm mucus snot wheeze wheezing nausea nauseous
nauseated queasy vomit vomiting vomited puke puking diarrhea constipated constipation
bloated bloating cramps cramping heartburn reflux indigestion dizzy dizziness lightheaded
vertigo faint fainting fainted fatigued lethargic numb numbness tingling tingly itch itchy
itching itches rash rashes hives blister blisters lumps swollen swelling inflamed inflammation
infection infected infections pus discharge bleeding bleed bleeds  bloody bruise bruising
bruised scar scars wound sprain sprained fracture fractured dislocated stiffness spasm
spasms twitch twitching tremor tremors insomnia sleepless snoring palpitations 
headache headaches migraine migraines earache toothache stomachache backache sorethroat hoarse
appetite thirsty urination urinating incontinence menstrual pms smelly acne pimples
pimple zits eczema psoriasis dandruff flaky peeling mole moles wart warts cyst cysts
boil boils abscess ulcer ulcers sores jaundice clammy sweaty breathless wheezy hoarseness
nosebleed nosebleeds hairloss balding blurry blurred tinnitus deaf
limping injury injuries concussion sunburn frostbite allergy allergies allergic unwell symptoms
symptom
`;

/** Symptom words that also have everyday meanings: they count only next to a body part. */
const WEAK_SYMPTOMS = `
kicked punched elbowed blocked sliced torn pulled popping clicking clicks breakouts blood temperature throwing ringing irregular broken bald shedding tender breakout spotting
lost losing loss fall falling fell hit bumped banged tripped slipped cut cuts burn burns burned
burning dry yellow pale seeing smell odor gas period periods racing pounding pins memory vision
hearing stiff limp weak tired exhausted sick ill sting bite reaction reactions leaking shaking
shaky swell swells bump bumps twisted strain strained stung bitten  fatigue tiredness
weakness peeing pee urine stool stools poop bowel bowels cramp chest choking swallowing
confused confusion forgetful lump
`;

const CONDITIONS = `
diabetes diabetic prediabetes hypertension hypotension cholesterol asthma copd emphysema
bronchitis pneumonia flu influenza covid coronavirus strep sinusitis tonsillitis uti utis
kidney kidneys liver gallbladder gallstones appendicitis hernia arthritis osteoarthritis
rheumatoid gout lupus fibromyalgia osteoporosis scoliosis sciatica cancer tumor tumors tumour
leukemia lymphoma melanoma carcinoma chemo dementia alzheimers alzheimer parkinsons parkinson
epilepsy migraine stroke aneurysm afib fibrillation arrhythmia thyroid hypothyroidism
hyperthyroidism hashimotos graves anemia anaemia hepatitis hiv aids std stds sti stis herpes
chlamydia gonorrhea syphilis hpv shingles chickenpox measles mumps rubella tetanus pertussis
whooping polio meningitis mononucleosis lyme tuberculosis tb ebola zika malaria rabies sepsis
cellulitis impetigo ringworm scabies lice conjunctivitis glaucoma cataract cataracts macular
psoriasis rosacea eczema dermatitis celiac crohns colitis ibs gerd diverticulitis hemorrhoids
hemorrhoid pancreatitis cirrhosis obesity obese overweight underweight neuropathy sclerosis
autism adhd dyslexia ocd ptsd bipolar schizophrenia psychosis anorexia bulimia insomnia apnea
narcolepsy endometriosis pcos fibroids menopause perimenopause infertility pregnancy pregnant
miscarriage prenatal postpartum prostate bph erectile impotence incontinence cyst polyps polyp
tinnitus vertigo anemic allergy syndrome disease diseases disorder disorders viral bacterial
bacteria fungal fungus parasite worms mrsa staph hypoglycemia hyperglycemia ketoacidosis
concussion tendonitis tendinitis bursitis carpal plantar fasciitis meniscus acl rotator cuff
varicose clot clots thrombosis embolism dvt anxiety depression
`;

/** Condition words with everyday meanings (a cold day, a computer virus). */
const WEAK_CONDITIONS = `
cold colds virus mono sinus ms
`;

const BODY_PARTS = `
hair eyebrow eyebrows eyelash cheek cheeks torso lungs sternum collarbone forearm shin
belly button knuckle knuckles temple temples sinus nostrils windpipe esophagus
head scalp face forehead eye eyes eyelid eyelids ear ears nose nostril sinuses mouth lip lips
tongue tooth teeth gum gums jaw throat neck shoulder shoulders shoulderblade arm arms armpit
elbow elbows wrist wrists hand hands palm finger fingers thumb fingernail nails nail chest
breast breasts nipple rib ribs back spine stomach abdomen abdominal belly navel side hip hips
groin pelvis pelvic buttock buttocks butt tailbone leg legs thigh thighs knee knees kneecap
shin calf calves ankle ankles foot feet heel heels toe toes toenail skin muscle muscles
joint joints bone bones tendon ligament heart lungs lung bladder bowel colon rectum anus
vagina vaginal penis testicle testicles scrotum uterus ovary ovaries cervix brain nerve
nerves veins vein artery gland glands lymph tonsils spleen pancreas
`;

const MENTAL_HEALTH = `
depressed depression depressive anxiety anxious panic lonely loneliness hopeless hopelessness
worthless helpless empty numb miserable grief grieving mourning trauma traumatic therapist
therapy counselor counseling counselling psychiatrist psychologist suicidal selfharm isolating
burnout nightmares flashbacks paranoid paranoia manic mania
`;

/** Feelings that are ordinary in small talk; they count with another health signal. */
const WEAK_MENTAL_HEALTH = `
worried worrying worry stressed stress overwhelmed sad sadness crying cry unhappy mood moods
exhausted burnt motivation unmotivated mental isolated irritable insecure
`;

function wordSet(blob: string): ReadonlySet<string> {
  return new Set(blob.split(/\s+/).filter((w) => w.length > 0));
}

export const SYMPTOM_WORDS: ReadonlySet<string> = wordSet(SYMPTOMS);
export const WEAK_SYMPTOM_WORDS: ReadonlySet<string> = wordSet(WEAK_SYMPTOMS);
export const CONDITION_WORDS: ReadonlySet<string> = wordSet(CONDITIONS);
export const WEAK_CONDITION_WORDS: ReadonlySet<string> = wordSet(WEAK_CONDITIONS);
export const BODY_PART_WORDS: ReadonlySet<string> = wordSet(BODY_PARTS);
export const MENTAL_HEALTH_WORDS: ReadonlySet<string> = wordSet(MENTAL_HEALTH);
export const WEAK_MENTAL_HEALTH_WORDS: ReadonlySet<string> = wordSet(WEAK_MENTAL_HEALTH);
