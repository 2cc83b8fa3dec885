/**
 * Medicines patients name in messages: generic and brand names, common classes and
 * everyday words for medicines. Written for this project; single words after normalisation.
 */
const GENERIC = `
acetaminophen paracetamol ibuprofen naproxen aspirin diclofenac meloxicam celecoxib
indomethacin ketorolac nabumetone etodolac tramadol oxycodone hydrocodone morphine codeine
fentanyl hydromorphone methadone buprenorphine suboxone naloxone narcan naltrexone tapentadol
oxymorphone lisinopril enalapril ramipril benazepril quinapril captopril losartan valsartan
irbesartan olmesartan telmisartan candesartan amlodipine nifedipine diltiazem verapamil
metoprolol atenolol carvedilol propranolol bisoprolol nebivolol labetalol hydrochlorothiazide
chlorthalidone furosemide bumetanide torsemide spironolactone eplerenone triamterene clonidine
hydralazine doxazosin terazosin prazosin minoxidil isosorbide nitroglycerin ranolazine digoxin
amiodarone sotalol flecainide dofetilide dronedarone warfarin apixaban rivaroxaban dabigatran
edoxaban heparin enoxaparin clopidogrel prasugrel ticagrelor cilostazol atorvastatin
simvastatin rosuvastatin pravastatin lovastatin pitavastatin ezetimibe fenofibrate gemfibrozil
niacin evolocumab alirocumab metformin glipizide glyburide glimepiride pioglitazone sitagliptin
linagliptin saxagliptin empagliflozin dapagliflozin canagliflozin semaglutide liraglutide
dulaglutide tirzepatide exenatide insulin glargine lispro aspart detemir degludec levothyroxine
liothyronine methimazole propylthiouracil prednisone prednisolone methylprednisolone
dexamethasone hydrocortisone budesonide fluticasone mometasone beclomethasone triamcinolone
albuterol salbutamol levalbuterol ipratropium tiotropium salmeterol formoterol montelukast
theophylline cetirizine levocetirizine loratadine desloratadine fexofenadine diphenhydramine
hydroxyzine chlorpheniramine promethazine meclizine dimenhydrinate pseudoephedrine
phenylephrine guaifenesin dextromethorphan benzonatate oxymetazoline azelastine omeprazole
esomeprazole lansoprazole pantoprazole rabeprazole dexlansoprazole famotidine ranitidine
cimetidine sucralfate misoprostol ondansetron metoclopramide prochlorperazine loperamide
bismuth docusate senna sennosides bisacodyl lactulose linaclotide lubiprostone dicyclomine
hyoscyamine mesalamine sulfasalazine simethicone amoxicillin ampicillin penicillin augmentin
clavulanate cephalexin cefdinir cefuroxime ceftriaxone cefadroxil azithromycin clarithromycin
erythromycin doxycycline minocycline tetracycline ciprofloxacin levofloxacin moxifloxacin
nitrofurantoin trimethoprim sulfamethoxazole bactrim clindamycin metronidazole tinidazole
vancomycin linezolid rifampin isoniazid fluconazole nystatin clotrimazole terbinafine
ketoconazole miconazole itraconazole acyclovir valacyclovir famciclovir oseltamivir tamiflu
paxlovid nirmatrelvir remdesivir ivermectin hydroxychloroquine chloroquine mupirocin bacitracin
neomycin silvadene permethrin sertraline fluoxetine paroxetine citalopram escitalopram
fluvoxamine venlafaxine desvenlafaxine duloxetine bupropion mirtazapine trazodone vortioxetine
vilazodone amitriptyline nortriptyline imipramine doxepin clomipramine buspirone lithium
lamotrigine valproate divalproex carbamazepine oxcarbazepine topiramate levetiracetam phenytoin
gabapentin pregabalin lacosamide zonisamide primidone phenobarbital clonazepam lorazepam
alprazolam diazepam temazepam chlordiazepoxide zolpidem eszopiclone zaleplon melatonin
ramelteon suvorexant quetiapine olanzapine risperidone aripiprazole ziprasidone lurasidone
haloperidol clozapine paliperidone cariprazine methylphenidate amphetamine dextroamphetamine
lisdexamfetamine atomoxetine guanfacine modafinil armodafinil donepezil memantine rivastigmine
galantamine carbidopa levodopa ropinirole pramipexole sumatriptan rizatriptan zolmitriptan
eletriptan butalbital cyclobenzaprine methocarbamol tizanidine baclofen carisoprodol metaxalone
orphenadrine colchicine allopurinol febuxostat probenecid methotrexate leflunomide adalimumab
etanercept infliximab ustekinumab secukinumab dupilumab omalizumab rituximab tofacitinib
upadacitinib alendronate risedronate ibandronate denosumab raloxifene estradiol estrogen
progesterone medroxyprogesterone norethindrone levonorgestrel drospirenone testosterone
finasteride dutasteride tamsulosin alfuzosin silodosin oxybutynin tolterodine solifenacin
mirabegron sildenafil tadalafil vardenafil clomiphene letrozole anastrozole tamoxifen
exemestane cabergoline bromocriptine desmopressin vasopressin ferrous folic folate
cyanocobalamin biotin vitamin vitamins multivitamin thiamine riboflavin pyridoxine
cholecalciferol ergocalciferol probiotic probiotics glucosamine turmeric ashwagandha echinacea
elderberry valerian kratom cbd thc marijuana cannabis nicotine varenicline chantix epinephrine
epipen adrenaline glucagon atropine lidocaine benzocaine tretinoin adapalene isotretinoin
accutane benzoyl salicylic retinol latanoprost timolol brimonidine dorzolamide ciprodex
ofloxacin tobramycin polymyxin xylometazoline saline ozempic wegovy mounjaro zepbound trulicity
victoza saxenda rybelsus jardiance farxiga invokana januvia janumet glucophage lantus levemir
humalog novolog tresiba toujeo basaglar synthroid levoxyl unithroid armour cytomel lipitor
zocor crestor pravachol zetia repatha eliquis xarelto pradaxa coumadin jantoven plavix brilinta
lopressor toprol tenormin coreg norvasc cardizem procardia zestril prinivil vasotec altace
cozaar diovan benicar micardis lasix bumex aldactone microzide lanoxin cordarone multaq
entresto nitrostat imdur ranexa zoloft prozac paxil celexa lexapro effexor pristiq cymbalta
wellbutrin remeron desyrel trintellix viibryd elavil pamelor buspar lamictal depakote tegretol
trileptal topamax keppra dilantin neurontin lyrica klonopin ativan xanax valium restoril ambien
lunesta sonata seroquel zyprexa risperdal abilify geodon latuda haldol clozaril invega vraylar
ritalin concerta adderall vyvanse focalin strattera intuniv provigil nuvigil aricept namenda
exelon sinemet requip mirapex imitrex maxalt zomig relpax fioricet flexeril robaxin zanaflex
lioresal soma skelaxin colcrys mitigare zyloprim uloric trexall plaquenil arava humira enbrel
remicade stelara cosentyx dupixent xolair rituxan xeljanz rinvoq fosamax actonel boniva prolia
evista premarin estrace prometrium provera depo nexplanon mirena paragard yaz yasmin loestrin
sprintec junel androgel propecia avodart flomax uroxatral rapaflo ditropan detrol vesicare
myrbetriq viagra cialis levitra clomid femara arimidex nolvadex tylenol advil motrin aleve
excedrin midol ecotrin bufferin benadryl zyrtec claritin allegra xyzal clarinex sudafed mucinex
robitussin delsym dayquil nyquil theraflu afrin flonase nasacort rhinocort astepro singulair
proventil ventolin proair xopenex atrovent spiriva advair symbicort breo trelegy dulera qvar
pulmicort prilosec nexium prevacid protonix aciphex dexilant pepcid zantac tagamet carafate
zofran reglan compazine phenergan imodium pepto kaopectate colace senokot dulcolax miralax
linzess amitiza bentyl levsin asacol lialda tums rolaids gaviscon maalox mylanta gas-x keflex
omnicef ceftin rocephin zithromax zpack z-pak biaxin doxy vibramycin minocin cipro levaquin
avelox macrobid macrodantin septra cleocin flagyl diflucan monistat lotrimin lamisil valtrex
zovirax famvir xofluza bactroban neosporin polysporin medrol decadron deltasone cortef entocort
kenalog nizoral retin-a differin epi-pen auvi-q evzio nicorette nicoderm subutex sublocade
vivitrol dramamine bonine antivert scopolamine dexedrine evekeo mydayis qelbree oxycontin
percocet vicodin norco lortab lorcet dilaudid demerol toradol ultram tylenol3 duragesic kadian
opana nucynta gravol xifaxan rifaximin lotensin aldactazide efudex fluorouracil bimatoprost
latisse lumigan xalatan travatan cosopt combigan alphagan restasis cyclosporine tacrolimus
sirolimus mycophenolate cellcept prograf azathioprine imuran cefazolin ancef streptomycin
gentamicin amikacin tobradex succinylcholine propofol ketamine midazolam versed pramoxine
salonpas bengay icyhot voltaren biofreeze tranexamic lysteda opdivo nivolumab yervoy ipilimumab
keytruda pembrolizumab cetuximab erbitux herceptin trastuzumab avastin bevacizumab gardasil
shingrix zostavax prevnar pneumovax tdap dtap mmr varicella tudorza incruse anoro stiolto
bevespi breztri arnuity asmanex alvesco flovent balsalazide colazal apriso pentasa aldosterone
dopamine dobutamine norepinephrine fluoride pepsin bioflavonoid bioflavonoids quercetin coq10
creatine l-arginine lysine ginkgo ginseng berberine heroin cocaine meth methamphetamine ecstasy
mdma lsd psilocybin kcl klor-con bicarbonate calamine aquaphor vaseline lidoderm
`;

const CLASSES_AND_FORMS = `
medicine medicines medication medications drug drugs pill pills tablet tablets capsule
capsules antibiotic antibiotics antibiotico antidepressant antidepressants antihistamine
antihistamines antiviral antivirals antifungal statin statins steroid steroids steroidal
opioid opioids opiate opiates painkiller painkillers benzodiazepine benzo benzos stimulant
stimulants sedative sedatives laxative laxatives diuretic diuretics supplement supplements
gel gels inhaler inhalers nebulizer injection injections injectable shot shots vaccine vaccines
vaccination vaccinations booster boosters immunization immunizations jab insulin
suppository ointment cream creams lotion patch patches drops eyedrops syrup lozenge
birth-control contraceptive contraceptives chemo chemotherapy hormone hormones hrt
blood-thinner thinners nsaid nsaids ppi ssri ssris snri beta-blocker dose doses dosage
`;

function wordSet(...blobs: string[]): ReadonlySet<string> {
  const set = new Set<string>();
  for (const blob of blobs) {
    for (const w of blob.split(/\s+/)) if (w.length > 0) set.add(w.replace(/-/g, ''));
  }
  return set;
}

/** Names of specific medicines (generic or brand). */
export const DRUG_NAMES: ReadonlySet<string> = wordSet(GENERIC);
/** Generic words for medicines and their forms ("pill", "antibiotic", "inhaler"). */
export const DRUG_WORDS: ReadonlySet<string> = wordSet(CLASSES_AND_FORMS);

/**
 * Endings of generic drug names (international nonproprietary name stems): "-pril",
 * "-sartan", "-mab" … so a medicine missing from the lists above is still recognised.
 */
export const DRUG_SUFFIX =
  /^[a-z]{3,}(?:pril|sartan|olol|statin|azole|cillin|mycin|micin|cycline|floxacin|ciclovir|vir|dipine|azepam|azolam|tidine|prazole|triptan|gliptin|gliflozin|glutide|parin|xaban|gatran|olone|sone|caine|profen|dronate|tinib|mab|afil|oxetine|tadine|phylline|terol|tropium|semide|thiazide|lukast|barbital|conazole|platin|rubicin|taxel|lutamide|relin|setron|peridol|apine|idone|oxacin|sporin|cort|pramine|triptyline|fenac|coxib|gabalin|tretin|dazole|mustine|trexate|oxone|orphine|codone|morphone|fentanil|steride|osin|tamine|zoline|nacin)$/;

/** Ordinary words that happen to end like a drug name: check these before DRUG_SUFFIX. */
export const NOT_DRUGS: ReadonlySet<string> = new Set(['cholesterol', 'escort', 'sterol', 'pastime', 'ravine', 'aubergine']);
