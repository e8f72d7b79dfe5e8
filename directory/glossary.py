"""The jargon families meet, explained in plain English (shown at /glossary)."""
from flask_babel import lazy_gettext as _l

# (anchor, term, also known as, meaning)
GLOSSARY = [
    ("send", _l("SEND"), _l("special educational needs and disabilities"),
     _l("A child or young person has special educational needs if they have a learning difficulty or disability "
        "that needs special educational provision: support that is different from, or extra to, what most "
        "children of the same age get.")),
    ("local-offer", _l("Local Offer"), "",
     _l("The information every council must publish about the support it expects to be available for children "
        "and young people aged 0 to 25 with SEND and their families, in and outside the area.")),
    ("ehcp", _l("EHC plan"), _l("EHCP, education, health and care plan"),
     _l("A legal document for a child or young person up to 25 who needs more support than a school or college "
        "can usually give. It describes their needs and the support they must get.")),
    ("sen-support", _l("SEN support"), "",
     _l("Extra help a nursery, school or college gives a child with special educational needs without an EHC plan.")),
    ("senco", _l("SENCO"), _l("special educational needs coordinator"),
     _l("The teacher in a school or nursery who makes sure children with SEND get the right support.")),
    ("sendiass", _l("SENDIASS"), _l("SEND information, advice and support service"),
     _l("Free, confidential and impartial advice for families and young people about SEND, "
        "including EHC plans, appeals and complaints.")),
    ("camhs", _l("CAMHS"), _l("children and young people's mental health services"),
     _l("NHS services that assess and treat children and young people with emotional, behavioural or mental "
        "health difficulties.")),
    ("salt", _l("SALT"), _l("speech and language therapy"),
     _l("Help with speech, language, communication, eating, drinking and swallowing.")),
    ("ot", _l("OT"), _l("occupational therapy"),
     _l("Help with everyday activities such as dressing, writing, play and getting around, including equipment "
        "and changes to the home.")),
    ("short-breaks", _l("Short breaks"), _l("respite"),
     _l("Time away for a disabled child or young person to enjoy activities, and a rest for their family. "
        "They can last a few hours or overnight.")),
    ("pfa", _l("Preparing for adulthood"), _l("PfA"),
     _l("Support from age 14 to plan for adult life: further education and work, independent living, "
        "friends and community, and good health.")),
    ("post-16", _l("Post-16 and post-19"), "",
     _l("Education and training after year 11 (post-16) and after age 19 (post-19), such as college, "
        "apprenticeships and supported internships.")),
    ("pcf", _l("Parent carer forum"), _l("PCF"),
     _l("A group of parents and carers of disabled children who work with the council and health services "
        "to make services better.")),
    ("co-production", _l("Co-production"), "",
     _l("Families, young people and services designing and deciding things together, as equal partners.")),
    ("personal-budget", _l("Personal budget"), _l("direct payment"),
     _l("Money set aside to pay for the support in an EHC plan or care plan. A direct payment is when the "
        "family gets the money to arrange the support themselves.")),
    ("brag", _l("BRAG status"), _l("RAG status"),
     _l("A colour showing how an action is going: blue complete, green on track, amber at risk, "
        "red needs escalating.")),
    ("wsoa", _l("Written Statement of Action"), _l("WSoA"),
     _l("A plan a local area must write after an inspection finds serious weaknesses, saying how it will fix them.")),
]
