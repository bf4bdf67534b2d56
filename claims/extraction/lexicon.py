"""Word lists shared by attribution, facets and scoring."""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs of fearing, expecting, hoping, answering, holding, learning and the like: they report only the clause they take
# ("officials fear the toll will rise", "the court held that ...", "the BBC understands that ..."; not "fear for
# their homes", "held a hearing", "understood the risk").
CLAUSE_ONLY_SPEECH_VERBS = _words(
    """
    held holds answered answers confessed confesses protested objected retorted retorts quipped joked swore swears
    doubted doubts feared fears hoped hopes expected expects anticipated anticipates lamented laments
    proclaimed proclaims reassured specified specifies signalled signaled signals thought calculated calculates
    contested demonstrated demonstrates discovered discovers understands understood learned learnt
    """
)
# The same verbs' forms after a plural subject ("analysts expect the bank to ...").
PLURAL_CLAUSE_ONLY_VERBS = _words("fear expect hope doubt anticipate")
# Finite reporting verbs: the subject to their left is the claimant.
SPEECH_VERBS = (
    _words(
        """
    said says say told tells tell added adds stated states claimed claims claim accused accuses
    accuse denied denies deny announced announces reported reports insisted insists insist argued
    argues argue warned warns warn noted notes explained explains wrote writes tweeted tweets posted
    asserted asserts alleged alleges acknowledged acknowledges admitted admits confirmed confirms
    estimated estimates predicted predicts suggested suggests suggest believe believes believed
    maintained maintains contended contends disputed disputes dismissed dismisses urged urges
    described describes declared declares testified revealed reveals indicated indicates remarked
    responded replied repeated repeats countered concluded concludes found finds showed shows show
    blamed blames promised promises vowed vows pledged stressed stresses emphasized emphasised
    cautioned advised advises recommended recommends agreed agrees assured boasted boasts charged
    conceded complained demanded spread promoted cited cites reiterated reiterates rebuked
    attributed determined think thinks argued wrote spoke proposed proposes propose rejected rejects
    called calls condemned condemns criticised criticized characterised characterized questioned continued
    speculated speculates informed informs pointed points commented comments ruled rules
    hinted hints implied implies projected projects forecast forecasts recalled recalls mentioned mentions
    observed observes recounted theorized theorised affirmed affirms
    referred refers identified identifies labelled labeled branded put puts placed places pegged pegs
    apologised apologized apologises apologizes ascribed ascribes committed commits find
    touted touts hailed hails posits posited hypothesizes hypothesises hypothesized hypothesised surmised opines
    opined reckons reckoned postulates postulated established establishes disclosed discloses likened likens
    reasoned asked asks clarified clarifies decided decides debunked debunks refuted refutes rebutted rebuts
    """
    )
    | CLAUSE_ONLY_SPEECH_VERBS
)
# Reporting verbs of a plural subject ("experts predict") and "shown": a cue only after a name, pronoun, role, body or
# document, since things too "predict", "indicate" and "would have shown" ("a number of factors predict a rise").
PLURAL_SPEECH_VERBS = (
    _words(
        """
    assert allege acknowledge admit confirm estimate predict maintain contend dispute declare reveal indicate
    conclude recommend agree caution reiterate speculate theorize theorise posit hypothesize hypothesise surmise
    opine reckon postulate advise shown report disclose reason
    """
    )
    | PLURAL_CLAUSE_ONLY_VERBS
)
# Verbs that report speech only with the clause or quotation they report ("ruled the law was void", "recalled that the
# plant had closed", 'observed, "the wells are dry"'), not with an object ("ruled the country", "recalled the cars",
# "established a fund").
NEEDS_CLAUSE = (
    _words(
        """
    ruled rules projected projects forecast forecasts recalled recalls mentioned mentions observed observes find
    maintain maintains maintained established establishes decided decides
    """
    )
    | CLAUSE_ONLY_SPEECH_VERBS
    | PLURAL_CLAUSE_ONLY_VERBS
)
# Verbs of expecting and forecasting: besides a clause, they report an outcome ("analysts expect the bank to cut
# rates") or a figure ("the IMF forecast growth of 3%", "projected a deficit of $2 billion")
PREDICTIONS = _words("expect expects expected anticipate anticipates anticipated forecast forecasts projected projects")
# Adjectives that hold the clause after them as a belief ("officials are confident that ...", "the minister remains
# adamant that ..."; not "aware that", which the sentence asserts)
STANCE_ADJECTIVES = _words(
    """
    adamant confident optimistic pessimistic sceptical skeptical convinced certain sure hopeful insistent doubtful
    clear emphatic unequivocal
    """
)
# Verbs that join a subject to such an adjective
COPULAS = _words("is are was were be been remains remain remained seems seem seemed appears appear appeared")
# Verbs that report only a label given "as" something ("referred to the vote as a hoax", "identified the date as
# February 26"), not an act ("referred the case", "identified the victim").
NEEDS_AS = _words(
    """
    referred refers identified identifies labelled labeled branded touted touts hailed hails
    """
)
# Verbs that report an estimate only when it is put "at" a figure ("put the damage at $4 billion"), not a placing
# ("put the plan to a vote", "placed the suspect in custody").
NEEDS_ESTIMATE = _words(
    """
    put puts placed places pegged pegs
    """
)
# What a denying verb refuses rather than disputes: "denied funding for the wall", "was denied bail" (not "denied
# the allegations")
REFUSALS = _words(
    """
    funding funds access entry bail permission parole request requests application applications visa visas asylum
    admission licence license licences licenses permit permits approval appeal appeals extradition
    """
)
# Verbs that report a count only with the figure counted ("Phivolcs recorded 611 aftershocks", "the ministry registered
# 40 new cases"), not with a thing ("recorded a song").
TALLIES = _words(
    """
    recorded records registered registers counted counts logged logs
    """
)
# Verbs that report an assessment only when they move one to a new value ("raised the death toll to six", "upgraded
# the storm to hurricane status"), not when they move a thing ("raised taxes to 20%").
REVISIONS = _words(
    """
    raised raises increased increases lowered lowers revised revises upgraded upgrades downgraded downgrades
    """
)
ASSESSMENTS = _words(
    """
    toll tolls assessment assessments estimate estimates forecast forecasts rating ratings outlook projection
    projections count alert level status category
    """
)
# Numbers in words, for figures written out ("in the range of five to six million")
NUMBER_WORDS = _words(
    """
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred hundreds
    thousand thousands million millions billion billions trillion dozen dozens half
    """
)
# Verbs of committing: a commitment "to" something is a stated position ("committed to holding a trial"), a
# crime committed is none
COMMITMENTS = _words(
    """
    committed commits
    """
)
# Verbs of finding: denied, they still report a finding ("the Senate did not find the network had broken the law")
FINDINGS = _words(
    """
    find found finds conclude concluded concludes determine determined determines
    """
)
# Nouns of a proposition: "X pushed the theory that ...", "the governor's claim that ..." report what X holds
PROPOSITIONS = _words(
    """
    claim theory idea notion rumour rumor assertion allegation suggestion argument belief possibility hypothesis
    view contention position stance conclusion assessment counter-argument counterargument counterclaim counter-claim
    """
)
# Stances a person or body expresses or voices ("expressed concern that ...", "voiced support for ..."); "raised"
# takes only the misgivings of RAISED_STANCES ("raised doubts about ...", not "raised interest rates")
STANCES = _words(
    """
    concern concerns doubt doubts fear fears worry worries hope hopes optimism pessimism skepticism scepticism
    support opposition confidence regret frustration alarm dismay outrage disappointment anger reservations
    preference desire interest disapproval approval objection objections criticism displeasure willingness
    readiness condolences gratitude sympathy questions
    """
)
RAISED_STANCES = _words("concern concerns doubt doubts fear fears worry worries questions objections alarm")
# The verbs that express them, and the cues of a stance taken ("came out against ...")
STANCE_VERBS = _words("expressed expresses express voiced voices voice raised raises raise")
STANCE_CUES = STANCE_VERBS | {"came out", "come out", "comes out"}
# Statements whose maker a passive names ("similar claims were made by the ministry")
STATEMENT_NOUNS = _words(
    """
    claim claims allegation allegations accusation accusations attribution attributions assertion assertions
    statement statements remark remarks comment comments prediction predictions promise promises threat threats
    pledge pledges denial denials demand demands suggestion suggestions warning warnings charge charges
    """
)
# Verbs that weigh a proposition without holding it ("researchers tested the hypothesis that ...")
WEIGHING_VERBS = _words(
    """
    tested tests testing examined examines examining explored explores exploring investigated investigates
    investigating studied studies studying considered considers considering probed probes probing
    """
)
# Records and reports that speak for their makers ("the study found", "footage from the union showed")
DOCUMENTS = _words(
    """
    study report survey poll polling paper analysis review trial article data figures footage video records
    preprint cable email emails document documents dossier transcript fact-check investigation audit inquiry studies
    estimate modeling modelling models simulations projections imagery imaging ruling rulings indictment judgment
    judgement research notice notices
    """
)
# Finite auxiliaries: one after a verb of finding opens the clause it reports ("found the virus was airborne")
FINITE_AUXILIARIES = _words(
    """
    is are was were had has have would will could can must should may might did does
    """
)
# Reporting verbs that take a particle, and the particle: "pointed out" says, "pointed at" does not; "asked for"
# demands, "asked about" questions.
PHRASAL_SPEECH_VERBS = {"pointed": "out", "points": "out", "asked": "for", "asks": "for"}
# Verbs that make "he"/"she"/"they" a claimant; the bare forms go with "they" ("they argue") or after an
# auxiliary ("she would later say").
PRONOUN_SPEECH_VERBS = _words(
    """
    said says told tells added adds wrote writes tweeted explained explains noted argued argues
    insisted insists warned warns claimed claims accused accuses denied denies urged stressed
    replied responded continued asked stated states acknowledged admitted alleged asserted believes
    believed think thinks suggested suggests estimated predicted announced confirmed described
    declared maintained remarked attributed blamed promised vowed pledged speculated informed pointed commented
    apologised apologized contended touted hailed posited hypothesized hypothesised theorized theorised surmised
    opined reckoned disclosed likened reasoned clarified cited cites called criticized criticised condemned
    say tell claim accuse deny insist argue warn believe suggest estimate predict maintain contend reason
    """
)
# Participles of saying in an absolute construction ("with the minister saying ...").
SPEECH_PARTICIPLES = _words(
    """
    saying describing adding warning noting claiming arguing insisting explaining stating telling calling
    posting tweeting writing announcing accusing citing urging denying confirming stressing reporting
    advising recommending predicting suggesting alleging asserting agreeing acknowledging reiterating rejecting
    disputing finding showing
    """
)
# Participles that say what the sentence's subject said (", adding that ...", ", posting on Twitter ...").
CLAUSE_PARTICIPLES = _words(
    """
    saying adding warning noting claiming insisting stating posting tweeting writing announcing accusing citing
    arguing urging denying acknowledging admitting conceding confirming
    """
)
# Reporting verbs that are also nouns ("the false claim"): a cue only after a name, pronoun or role.
NOUN_CUES = _words(
    """
    claim claims report reports notes states estimates promises shows show finds charges demands cites warns comments
    spread found
    """
)
# Reporting verbs that may stand before their subject in a trailing attribution ("..., said Lavrov.").
INVERTIBLE_VERBS = _words(
    """
    said says added adds wrote writes explained asked asks continued continues noted notes warned
    argued insisted replied responded stated tweeted quipped joked observed remarked countered retorted recounted
    """
)
PREPOSITIONS = _words(
    """
    in on at to via during after before from when while for over by about with through amid among across
    toward towards around behind beyond near like under onto into within without against despite
    """
)
ADVERBS_BEFORE_VERB = _words(
    """
    also has have had long later previously recently repeatedly reportedly then again further once
    publicly earlier today yesterday now would will could may might is was were are been did does do
    not n't never only just even first initially subsequently separately privately falsely wrongly
    correctly already often frequently consistently flatly has had however instead similarly
    likewise quickly immediately there here since too always still sometimes usually both all
    """
)
DETERMINERS = _words(
    """
    a an the some many several most other these those his her their its our your my one two three
    four five six seven eight nine ten dozens hundreds thousands millions another each every both
    few
    """
)
FUNCTION_WORDS = _words(
    """
    that which who whom whose and but or nor if when while as because to in on at by with from into
    after before than so since though although unless until upon over under about against between
    through during without within is was were are be been being has have had do does did will would
    can could may might must shall should not no yes it he she they we i you me him them us this
    there here what where why how all any also just even only very too more less much such
    """
)
CAPITALISED_STOPWORDS = _words(
    """
    Still But However And So Yet Meanwhile Also Then Now Earlier Later Instead Indeed Moreover In On
    At After Before While When As If Although Though Because Since For With From By Despite Asked
    Speaking Separately Previously Last This That These Those There Here It He She They We I You His
    Her Their Our A An Some Many Several Most Other Its Who What Where Why How Under Over Recently
    Then Today Yesterday Tonight According Meanwhile Overall Finally First Second Third Truth Myth
    Related Sources Update No Every Each Any All Both Neither Either Such Per
    Should Would Could Might Must Shall Did Does Do Is Was Were Are Has Have Had
    Unlike Like Amid Among Amongst Without Within Across Following Including Against Besides Beyond Through
    Throughout Toward Towards Upon Via Regarding Concerning During Until Into Onto Behind Beside Between Around
    """
)
# Lowercase words inside a personal name ("Bill de Blasio", "Ursula von der Leyen", "Ali bin Tamim"): the name goes
# on past them, and a later mention may open with one ("De Blasio said").
NAME_PARTICLES = _words(
    """
    de da di del della dos das du van von der den ter bin bint ibn
    """
)
# Institutions named by a common noun ("the city council said"): a claimant, unlike a thing ("this factor shows").
ORG_NOUNS = _words(
    """
    council ministry government agency company firm court police army military navy committee commission
    department board office union party newspaper broadcaster network authority parliament senate congress
    cabinet regulator embassy foundation group institute university hospital coalition administration
    prosecution campaign organisation organization charity bank airline club league federation association
    service watchdog tribunal media press television radio palace team panel family
    movement city municipality legislature assembly corporation consortium alliance bureau secretariat directorate
    delegation mission regime opposition militia magazine publication publisher outlet website station channel
    retailer manufacturer carrier operator utility insurer chain museum observatory laboratory school church force
    project
    """
)
# "The group said" after "Greenpeace said": these nouns stand for any organisation named before.
GENERIC_ORG_NOUNS = frozenset({"group", "organisation", "organization", "company", "firm", "agency"})
# Verbs after which "it" is an organisation speaking ("It said the troops had left").
IT_SPEECH_VERBS = _words(
    """
    said says added adds stated states announced announces reported reports told tells warned warns noted
    confirmed confirms denied denies explained wrote insisted insists urged urges estimated estimates recommended
    recommends advised advises predicted predicts accused accuses argued argues cited cites blamed blames
    """
)
PERSON_PRONOUNS = frozenset({"he", "she"})
# "according to him": the object form stands for the same speaker
OBJECT_PRONOUNS = {"him": "he", "her": "she", "them": "they"}
# "Their statement read ...": the owner a possessive pronoun stands for
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "their": "they", "its": "it"}
GROUP_PRONOUNS = frozenset({"they"})
# Words that give a person's sex: pronouns, and words in or beside a name ("Ms Lee", "the actress Ann Lee", "Tom
# Hale, her husband, ..."); "he" or "she" stands only for a person whose sex agrees with it
FEMININE_WORDS = _words(
    """
    she herself mrs mrs. ms ms. miss dame queen princess duchess lady countess empress baroness madam madame woman
    actress spokeswoman chairwoman congresswoman businesswoman councilwoman assemblywoman sportswoman policewoman
    wife mother daughter sister widow grandmother granddaughter aunt niece girl heiress
    """
)
MASCULINE_WORDS = _words(
    """
    he himself mr mr. sir king prince duke lord baron emperor man spokesman chairman congressman businessman councilman
    assemblyman sportsman policeman husband father son brother widower grandfather grandson uncle nephew boy
    """
)
NON_CLAIMANT_PRONOUNS = frozenset({"it", "this", "that", "i", "we", "you", "there", "which", "who"})


def sex_of(word: str) -> str | None:
    """ "she" or "he" for a lowercase word that gives a person's sex ("daughter", "spokesman", "mrs"), else None."""
    return "she" if word in FEMININE_WORDS else "he" if word in MASCULINE_WORDS else None


TITLE_WORDS = _words(
    """
    President Vice Prime Minister Foreign Defence Defense Secretary General Colonel Colonel-General
    Lieutenant Major Captain Admiral Commander Chancellor Senator Sen. Rep. Representative Governor
    Gov. Mayor Dr. Dr Professor Prof. Mr. Mr Mrs. Mrs Ms. Ms Miss Chief Judge Justice King Queen
    Prince Princess Pope Ambassador Spokesman Spokeswoman Spokesperson CEO Director Commissioner
    Deputy Speaker Leader Health Interior Emergencies Finance Economy Economic State Attorney
    Premier Chairman Chairwoman Chair Head Officer Executive Sir Lord Lady Dame Archbishop Bishop
    Cardinal Rabbi Imam Sheikh Emir Sultan Coach Manager Detective Sergeant Inspector Superintendent Sheriff
    Constable Councillor Councilman Councilwoman Congressman Congresswoman Assemblyman Lawmaker MP
    Minister-President Acting Former Ex-Prime Ex-President First Lady Foreign-Minister Labor Labour
    Education Transport Trade Justice Agriculture Energy Environment Culture Science Home Treasury
    Security National Deputy-Governor
    """
)
ORG_WORDS = _words(
    """
    Ministry Department Organization Organisation Center Centre Centers Agency University College
    Company Inc. Inc Corp. Corp Ltd Ltd. LLC Party Government Kremlin House Council Committee Commission
    Service Services Office Times Post News Institute Institutes Association Union Federation
    Republic Bank Group Court Police Army Navy Force Forces Guard Board Authority Administration
    Bureau Network Foundation Fund Journal Press Reuters Agency School Hospital Club Church Society
    League Assembly Parliament Senate Congress Congressional Cabinet Directorate Corporation
    Airlines Airways Media Television Radio TV Channel Magazine Review Herald Tribune Gazette
    Telegraph Guardian Observer Globe Chronicle Daily Weekly Program Programme Project Alliance
    Coalition Movement Front Council Tribunal Nations States Kingdom Region Province County City
    Island Islands Peninsula River Sea Ocean Street Square Airport Station Plant Emirates Emirate
    Zone Area Park Beach Valley Mountain Mountains Bay Coast Lake
    Sciences Pharmaceuticals Pharmaceutical Pharma Biotech Therapeutics Laboratories Labs Motors Holdings
    Technologies Systems Industries Enterprises Energy Electric Petroleum Airline Insurance Co. PLC plc AG GmbH
    Operator Regulator Museum Observatory Laboratory Embassy Secretariat Consortium Legislature Broadcaster
    """
)
# Words of ORG_WORDS that make a name a company's: "the company" or "the firm" may stand for it ("Gilead Sciences")
COMPANY_WORDS = _words(
    """
    Company Inc. Inc Corp. Corp Ltd Ltd. LLC Corporation Airlines Airways Sciences Pharmaceuticals Pharmaceutical
    Pharma Biotech Therapeutics Laboratories Labs Motors Holdings Technologies Systems Industries Enterprises Energy
    Electric Petroleum Airline Insurance Co. PLC plc AG GmbH
    """
)
# Words of ORG_WORDS that end the name of a place, not of a body or country that speaks ("Elm Valley")
PLACE_WORDS = _words(
    """
    Region Province County City Island Islands Peninsula River Sea Ocean Street Square Airport Station Plant Zone
    Area Park Beach Valley Mountain Mountains Bay Coast Lake
    """
)
# Words that open a region's name ("Northern Cyprus", "South Sudan", "Western Australia"), never a given name
REGION_OPENERS = _words("North South East West Northern Southern Eastern Western Central")
ROLE_NOUNS = _words(
    """
    aide aides spokesman spokeswoman spokesperson official officials minister president expert
    experts doctor doctors scientist scientists researcher researchers professor director chief
    leader senator governor mayor analyst analysts lawyer lawyers witness witnesses resident
    residents source sources diplomat diplomats officer officers adviser advisers advisor advisors
    lawmaker lawmakers epidemiologist economist economists author authors activist activists
    investigator investigators prosecutor prosecutors judge critic critics candidate spokespeople
    commander general secretary chairman ceo representative representatives agent agents eyewitness
    eyewitnesses mother father son daughter wife husband brother sister parent parents victim victims
    survivor survivors neighbour neighbours neighbor neighbors friend friends teacher teachers student
    students nurse nurses driver drivers passenger passengers farmer farmers worker workers owner owners
    employee employees shopkeeper member members protester protesters organiser organizer volunteer
    volunteers pilot engineer engineers attorney attorneys journalist journalists reporter editor founder
    defendant defendants child children manager coach man men woman women person people boy girl
    actor actors actress singer singers celebrity celebrities influencer influencers host commentator
    commentators pundit pundits blogger bloggers user users voter voters respondent respondents patient patients
    citizen citizens consumer consumers adult adults participant participants customer customers fan fans
    pastor priest preacher surgeon surgeons acquaintance acquaintances relative relatives colleague colleagues
    cousin cousins staffer staffers insider insiders organisers organizers supporter supporters executive executives
    candidates nominee nominees contender contenders challenger challengers incumbent incumbents frontrunner
    """
)
# Agent nouns by their ending ("virologists", "physician", "theorists"); verbs like "insists" and "resists" are not.
_PERSON_SUFFIX = re.compile(r"^[a-z]{3,}(?:ist|ian)s?$")
_NOT_PERSON_SUFFIX = re.compile(r"(?:sist|median|radian)s?$")


def is_person_noun(word: str) -> bool:
    """A lowercase noun of a person or of people: a role ("the aide"), an agent noun ("epidemiologists") or a
    compound that ends in one ("co-author", "vice-chair")."""
    word = word.rsplit("-", 1)[-1]
    return word in ROLE_NOUNS or (bool(_PERSON_SUFFIX.match(word)) and not _NOT_PERSON_SUFFIX.search(word))


def is_body_noun(word: str) -> bool:
    """A lowercase noun of a person, or of a body or group that speaks: "aide", "court", "hospitals", "authorities"."""
    singular = word[:-1] if word.endswith("s") else word
    return is_person_noun(word) or word == "authorities" or word in ORG_NOUNS or singular in ORG_NOUNS


WEEKDAYS = _words(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """
)
MONTHS = _words(
    """
    January February March April May June July August September October November December Jan Feb
    Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    """
)

# Markers of opinion, feeling or exhortation rather than a checkable statement.
OPINION = re.compile(
    r"\b(?:I|we)\s+(?:do\s*n[o']t|don['\u2019]t|really|truly|just|personally)?\s*"
    r"(?:think|believe|feel|hope|like|love|hate|want|wish|guess|suppose|expect|trust|pray)\b"
    r"|\b(?:in my (?:view|opinion)|it['\u2019]s (?:one thing|another thing|not (?:the )?right|time to|a shame)|"
    r"I (?:was|am|['\u2019]m) (?:very |so |really )?(?:angry|happy|sad|proud|glad|disappointed|upset|"
    r"shocked|grateful|honou?red|delighted|worried)|thank you|let['\u2019]s|"
    r"we['\u2019]ll (?:see|find out)|may he|rest in peace|god bless|"
    r"(?:is|was|are|it['\u2019]s) (?:not )?(?:good|bad|great|terrible|wonderful|awful|horrible|nice|"
    r"unacceptable|incredible|amazing|outrageous|disgraceful|shameful|sad|beautiful|fantastic))\b",
    re.IGNORECASE,
)
NORMATIVE = re.compile(
    r"\b(?:should|must|ought to|need to|needs to|have to|has to|it is necessary|it['\u2019]s necessary|"
    r"hopefully|let us)\b",
    re.IGNORECASE,
)

# Health, harm and science vocabulary: statements about disease, transmission, treatment, protection, where a
# pathogen came from, and who was hurt or killed are what desks check most, and a debate-trained model ranks
# such plain statements low.
SCIENCE_HEALTH = re.compile(
    r"\b(?:virus\w*|viral|infect\w*|transmi\w*|spread\w*|contagious|diseases?|vaccin\w*|immun\w*|symptom\w*|"
    r"treat\w*|cur(?:e|es|ed|ing)|prevent\w*|protect\w*|kill\w*|antibod\w*|antibiotic\w*|bacteri\w*|germs?|"
    r"pathogens?|wash\w*|hand ?washing|sanitiz\w*|disinfect\w*|masks?|distancing|quarantin\w*|outbreaks?|"
    r"pandemic|epidemic|originat\w*|lab(?:oratory)?|bioengineer\w*|engineered|man-made|natural(?:ly)?|"
    r"covid(?:-19)?|coronavirus\w*|sars\w*|flu|influenza|pneumonia|illness|patients?|health|medic\w*|drugs?|"
    r"evidence|scientists?|stud(?:y|ies)|research\w*|doctors?|experts?|injur\w*|wounded|casualt\w*|damage\w*|"
    r"dead|deaths?|died)\b",
    re.IGNORECASE,
)
# A general assertion about what something can or cannot do, causes or prevents ("garlic does not cure it",
# "masks reduce the spread", "there is no evidence that ..."), that something said is false ("another round of
# lies", "a fabrication"), or about a place's or an act's legal standing ("recognised as sovereign territory",
# "the annexation was illegal"): checkable without figures or a named source.
GENERIC_ASSERTION = re.compile(
    r"\b(?:can(?:not)?|could|may|might|does not|do not|doesn['\u2019]t|don['\u2019]t|won['\u2019]t|will not|"
    r"is not|are not|helps?|prevents?|causes?|caused|leads? to|kills?|protects?|reduces?|increases?|"
    r"no evidence|not true|false|myths?|most (?:important|effective)|best way|"
    r"lies|lying|fabricat\w*|baseless|untrue|fake|hoax|disinformation|propaganda|"
    r"recogni[sz]ed as|sovereign\w*|annex(?:ed|ation)|occupied|illegal(?:ly)?|unlawful(?:ly)?)\b",
    re.IGNORECASE,
)
# A party's position: what it demands, rejects or will not accept ("any troop deployment would be unacceptable",
# "repeated demands for the fleet to leave"). Said by a named source, it is a statement of record a desk checks.
POSITION = re.compile(
    r"\b(?:unacceptable|not (?:be )?acceptable|red lines?|non-negotiable|"
    r"(?:will|would|could|can) (?:not|never) (?:accept|allow|tolerate|agree to)|"
    r"demand(?:s|ed|ing)?|reject(?:s|ed|ing)?|refus(?:es|ed|ing)|rul(?:es|ed|ing) out)\b",
    re.IGNORECASE,
)
# Service lines and link furniture of web articles: never a claim.
BOILERPLATE = re.compile(
    r"^(?:please\b|click\b|visit\b|subscribe\b|follow us\b|sign up\b|read (?:more|this|the full)\b|"
    r"for more (?:information|details)\b|see also\b|related\b[^.]{0,40}:|more\s*:|watch\s*:|listen\s*:|"
    r"learn more\b|download\b|view original\b|source\s*:|photo\s*:|image\s*:|video\s*:|copyright\b|©)",
    re.IGNORECASE,
)
