"""Demo data: a fictional local area for Riverside Borough Council, and synthetic services for benchmarks.

Everything is made from a fixed seed, with no network. Names, streets and contacts are invented: emails end
in .example.org, phone numbers sit in Ofcom's drama ranges (01632 960xxx, 07700 900xxx), so nothing here can
reach a real person. Postcode districts and their centres are real, so distances behave as they would live.
"""
from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, time, timedelta

from sqlalchemy import insert, select

from portal.extensions import db
from portal.models import utcnow

from . import geo
from .models import (ACCESSIBILITY, AGE_BAND, AREA_LOCAL, AREA_NATIONAL, AREA_OUTSIDE, ARCHIVED, CATEGORY, DRAFT, NEED,
                     PENDING, PUBLISHED, Location, Organisation, Schedule, Service, ServiceLanguage, TaxonomyTerm,
                     location_terms, service_locations, service_terms)
from .services import ensure_taxonomy
from .taxonomy import term_id

DEMO_SEED = 20250114
LOCAL_DISTRICTS = ("E5", "E8", "E9", "N16")
LONDON_AREAS = ("E", "EC", "N", "NW", "SE", "SW", "W", "WC")
MAX_JITTER = 0.005  # degrees; keeps a demo site inside its district while spreading pins on a map
ASSURED_WITHIN_DAYS = 540  # 18 months, so some listings are overdue for their yearly check
GENERATE_CHUNK = 2000

ALL_NEEDS = ("autism", "adhd", "slcn", "semh", "learning-disability", "physical-disability", "hearing-impairment",
             "visual-impairment", "multi-sensory-impairment", "specific-learning-difficulty")

# (self_referral, professional_referral, ehc_plan_required)
ACCESS = {
    "self": (True, False, False),
    "prof": (False, True, False),
    "both": (True, True, False),
    "ehcp": (False, True, True),
    "self_ehcp": (True, False, True),
}

# Neighbourhoods of the fictional borough, by real postcode district.
LOCAL_PLACES = {
    "E5": ("Millfields", "Lea Bridge", "Clapton Park"),
    "E8": ("Riverside Central", "Kingsland", "London Fields"),
    "E9": ("Homefield", "Wick Green", "Victoria Park"),
    "N16": ("Stoke Park", "Northwold", "Abney"),
}

STREETS = (
    "Wharf Road", "Elderberry Lane", "Mill Row", "Chapel Street", "Marsh Hill", "Brook Terrace", "Weavers Way",
    "Cooper Street", "Canal Walk", "Orchard Place", "Linden Grove", "Sycamore Road", "Tanners Yard",
    "Lock Keepers Lane", "Foundry Street", "Rope Walk", "Barge Lane", "Kingfisher Road", "Heron Close",
    "Willow Walk", "Osier Street", "Chalk Lane", "Maltings Road", "Greenwood Road", "Bridge Street", "Garnet Row",
    "Sorrel Avenue", "Ferry Lane", "Meadow Road", "Cedar Terrace", "Hazel Gardens", "Printers Way",
    "Silk Street", "Potters Mews", "Lantern Road", "Quill Lane", "Anchor Street", "Bellfounders Row",
)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

LANGUAGES = {
    "en": "English", "tr": "Turkish", "ku": "Kurdish", "pl": "Polish", "bn": "Bengali", "ur": "Urdu",
    "so": "Somali", "yi": "Yiddish", "he": "Hebrew", "ar": "Arabic", "bfi": "British Sign Language",
    "es": "Spanish", "pt": "Portuguese", "fr": "French", "yo": "Yoruba", "ro": "Romanian", "gu": "Gujarati",
}
# Roughly how often each community language turns up among staff of local services.
LANGUAGE_WEIGHTS = {"tr": 9, "ku": 4, "pl": 5, "bn": 6, "ur": 5, "so": 5, "yi": 5, "he": 2, "ar": 5,
                    "bfi": 3, "es": 4, "pt": 3, "fr": 3, "yo": 3, "ro": 2, "gu": 2}

# Accessibility features by kind of site: (always, sometimes).
SITE_ACCESSIBILITY = {
    "special": (("step-free", "accessible-toilet", "changing-places", "sensory-room"),
                ("quiet-room", "accessible-parking", "lift", "hearing-loop")),
    "school": (("step-free", "accessible-toilet"), ("quiet-room", "lift", "sensory-room", "hearing-loop")),
    "nursery": (("step-free",), ("accessible-toilet", "quiet-room", "sensory-room")),
    "clinic": (("step-free", "accessible-toilet", "lift"), ("hearing-loop", "accessible-parking", "quiet-room")),
    "centre": (("step-free", "accessible-toilet"), ("quiet-room", "sensory-room", "hearing-loop",
    "changing-places")),
    "leisure": (("step-free", "accessible-toilet"), ("changing-places", "accessible-parking", "lift",
    "hearing-loop")),
    "office": (("step-free",), ("hearing-loop", "lift", "accessible-toilet", "quiet-room")),
    "college": (("step-free", "lift", "accessible-toilet"), ("quiet-room", "hearing-loop", "changing-places")),
    "outdoor": ((), ("accessible-toilet", "accessible-parking", "step-free")),
    "home": ((), ("step-free", "accessible-toilet")),
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _t(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# Kinds of service. Text may use {org}, {site} and {place}; a service takes one variant of each field,
# so two services of one kind still read differently. "maybe" needs are added at random, half the time each.
KINDS: list[dict] = [
    # ---------------------------------------------------------------- education
    dict(
        key="primary_school", cats=["education"], needs=["slcn", "semh", "specific-learning-difficulty"],
        maybe=["autism", "adhd", "physical-disability"], ages=[(4, 11), (3, 11)], access="self",
        schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site}: SEN support"],
        summaries=[
            "A community primary school in {place} with a full-time SENCO and small-group support for children "
            "who need extra help with learning, speech or behaviour.",
            "Mainstream primary school. Our inclusion team works with families to plan SEN support, with or "
            "without an EHCP.",
        ],
        descriptions=[
            "Our SENCO meets every family whose child joins with additional needs, and reviews SEN support plans "
            "three times a year. Teaching assistants run phonics catch-up, social skills groups and a calm room "
            "at lunchtime. A speech and language therapist visits every fortnight.",
            "We are an inclusive school: about one in six of our pupils has special educational needs. Children "
            "with an education, health and care plan (EHCP) learn in their class with adjustments, and we use "
            "visual timetables, movement breaks and a nurture group for children finding school hard.",
        ],
        eligibility=["Children living near the school; places are given by the council's admissions rules.",
                     "Any child of primary school age. Children with an EHCP naming the school are given a place."],
        how=["Apply for a school place through Riverside Borough Council admissions. To talk about SEN support, "
             "ask the school office for a meeting with the SENCO.",
             "Call the school office to visit. Current parents can ask their class teacher or the SENCO about "
             "extra help at any time."],
    ),
    dict(
        key="secondary_school", cats=["education"], needs=["specific-learning-difficulty", "semh", "adhd"],
        maybe=["autism", "slcn", "hearing-impairment"], ages=[(11, 16), (11, 18)], access="self",
        schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site}: learning support"],
        summaries=[
            "Secondary school in {place} with a learning support department, a quiet base for autistic students "
            "and literacy catch-up for dyslexic learners.",
            "Mainstream secondary school with a SENCO, mentoring and access arrangements for exams.",
        ],
        descriptions=[
            "Our learning support team includes a SENCO, two specialist dyslexia teachers and six teaching "
            "assistants. Students can use the Base at break and lunch, and we arrange exam access such as extra "
            "time, a reader or a separate room.",
            "Year 6 pupils with SEND get extra transition visits in the summer term, a one-page profile shared "
            "with all their teachers, and a named key adult. We work closely with CAMHS and the mental health "
            "support team for students with anxiety.",
        ],
        eligibility=["Young people aged 11 to 16 (or 18 in the sixth form) given a place by council admissions."],
        how=["Apply in Year 6 through council admissions. Families of children with SEND are welcome to book a "
             "quiet tour with the SENCO before applying."],
    ),
    dict(
        key="arp_autism", cats=["education"], needs=["autism"], maybe=["slcn", "semh"],
        ages=[(4, 11), (5, 11), (11, 16)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["Autism Resource Base at {site}", "{site} Additional Resource Provision (autism)"],
        summaries=[
            "Twelve places for autistic children who need specialist teaching for part of the day and spend "
            "the rest of it in their mainstream class.",
            "A resource base (ARP) for children with autism (ASD) and an EHCP, inside a mainstream school.",
        ],
        descriptions=[
            "Children are taught in small groups by a specialist teacher using structured teaching, visual "
            "supports and intensive interaction, and join their class for lessons they enjoy. A speech and "
            "language therapist works in the base two days a week.",
            "The base has a sensory room, a quiet garden and a low-arousal classroom. Each child has a plan for "
            "building time in the mainstream class, agreed with parents at their EHCP review.",
        ],
        eligibility=["Children with an education, health and care plan (EHCP) naming autism as their main need. "
                     "Places are agreed by the council's SEND panel."],
        how=["Ask for the base to be considered at your child's EHCP annual review, or talk to the council's SEND "
             "team. Families can visit before deciding."],
        easy_read=["This is a small class for autistic children in a big school. Children learn in the small "
                   "class and in their own class. Your child needs an EHC plan to get a place."],
    ),
    dict(
        key="arp_slcn", cats=["education", "health"], needs=["slcn"], maybe=["autism", "hearing-impairment"],
        ages=[(4, 11)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["Speech and Language Resource Base at {site}", "{site} Language Unit"],
        summaries=[
            "Specialist primary provision for children whose main need is speech, language and communication, "
            "with daily therapy from the NHS SALT team.",
            "A language unit in a mainstream primary where teachers and speech and language therapists plan "
            "lessons together.",
        ],
        descriptions=[
            "Children with developmental language disorder (DLD) learn in a class of ten, with signing, symbols "
            "and small-group therapy every day. They join mainstream classes for part of each week.",
            "Our speech and language therapists (SALT) and teachers share the classroom. We teach vocabulary "
            "before each topic, use Colourful Semantics and Shape Coding, and run a parents' workshop each term.",
        ],
        eligibility=["Children aged 4 to 11 with an EHCP for speech, language and communication needs."],
        how=["Places are agreed through the EHCP process. Speak to your child's SENCO or therapist about whether "
             "the unit would suit them."],
    ),
    dict(
        key="arp_hearing", cats=["education"], needs=["hearing-impairment"], maybe=["multi-sensory-impairment"],
        ages=[(3, 11), (11, 16)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["Hearing Impairment Resource Base at {site}", "{site} Deaf Resource Base"],
        summaries=[
            "A resource base for deaf children, with teachers of the deaf, communication support workers and "
            "British Sign Language used across the school.",
            "Deaf children learn alongside hearing classmates with radio aids, BSL and spoken English support.",
        ],
        descriptions=[
            "Teachers of the deaf teach small groups and support children in class. Classrooms have sound-field "
            "systems and acoustic treatment, and hearing pupils learn BSL in weekly lessons.",
            "Our communication support workers use BSL and Sign Supported English. An audiologist visits each "
            "term to check hearing aids, cochlear implant processors and radio aids.",
        ],
        eligibility=["Deaf children with an EHCP whose plan names hearing impairment as a main need."],
        how=["Ask the Sensory Support Team or your child's teacher of the deaf. Places are agreed by the SEND "
             "panel as part of the EHCP."],
    ),
    dict(
        key="vi_base", cats=["education"], needs=["visual-impairment"], maybe=["multi-sensory-impairment"],
        ages=[(11, 16), (11, 19)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["Visual Impairment Resource Base at {site}", "{site} VI Centre"],
        summaries=[
            "Specialist support for blind and partially sighted students in a mainstream secondary school, "
            "including braille, mobility and habilitation lessons.",
            "A VI base with qualified teachers of vision impairment, modified materials and assistive technology.",
        ],
        descriptions=[
            "Students learn braille or large print, touch typing and the use of screen readers and magnifiers. "
            "A habilitation specialist teaches independent travel around school and the local area.",
            "Our staff modify worksheets and exam papers into braille, large print and tactile diagrams, and "
            "train subject teachers on making lessons accessible.",
        ],
        eligibility=["Young people with a visual impairment and an EHCP."],
        how=["Speak to the Sensory Support Team. The base is named in a young person's EHCP through the usual "
             "annual review or assessment process."],
    ),
    dict(
        key="special_sld", cats=["education"], needs=["learning-disability", "physical-disability",
                                                      "multi-sensory-impairment"],
        maybe=["autism", "slcn", "visual-impairment"], ages=[(2, 19), (3, 19)], access="ehcp",
        schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site} (special school)"],
        summaries=[
            "A special school for children and young people with severe or profound and multiple learning "
            "difficulties (SLD and PMLD), with therapy and nursing on site.",
            "Special school from nursery to sixth form, for pupils with complex learning, physical and sensory "
            "needs.",
        ],
        descriptions=[
            "Classes of eight pupils have a teacher and three support staff. Physiotherapists, occupational "
            "therapists (OT), speech and language therapists and school nurses are based here, so therapy is "
            "part of the school day. We have a hydrotherapy pool, a sensory garden and a rebound room.",
            "Our curriculum is built around communication, independence and preparing for adulthood. Pupils use "
            "objects of reference, Makaton, eye-gaze and switches. The sixth form offers work experience and "
            "travel training.",
        ],
        eligibility=["Children and young people with an EHCP naming the school, usually with severe or profound "
                     "learning disabilities."],
        how=["Places are offered through the EHCP process. Families are welcome to visit: ring the school office "
             "to book."],
        easy_read=["This school is for children who need a lot of help with learning. There are nurses and "
                   "therapists at the school. Your child needs an EHC plan to go here."],
    ),
    dict(
        key="special_autism", cats=["education"], needs=["autism", "slcn"], maybe=["learning-disability", "adhd"],
        ages=[(4, 19), (5, 16)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site}: autism specialist school"],
        summaries=[
            "A special school for autistic pupils, with small classes, a calm environment and a curriculum "
            "planned around each child's communication and sensory needs.",
            "Specialist school for autistic children and young people who need more support than a mainstream "
            "school or resource base can give.",
        ],
        descriptions=[
            "Every pupil has a personal timetable, a sensory profile from our occupational therapists and "
            "regular speech and language therapy. We use TEACCH, PECS and SCERTS approaches.",
            "Classes have no more than eight pupils. Older students study for GCSEs, Entry Level and vocational "
            "qualifications, and every young person has a preparing for adulthood (PfA) plan from Year 9.",
        ],
        eligibility=["Autistic children with an EHCP that names the school."],
        how=["Ask for the school at your child's EHCP review or during an EHC needs assessment. Contact the "
             "school to arrange a visit."],
    ),
    dict(
        key="special_semh", cats=["education"], needs=["semh", "adhd"], maybe=["autism", "slcn"],
        ages=[(7, 16), (11, 16)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site} (SEMH special school)"],
        summaries=[
            "A small special school for pupils with social, emotional and mental health needs who find "
            "mainstream school very hard.",
            "SEMH school with therapeutic support, small classes and a strong focus on getting back into "
            "learning.",
        ],
        descriptions=[
            "Pupils learn in groups of six with a teacher and a mentor. Our therapist and family support worker "
            "work with parents as well as pupils, and we use restorative approaches rather than exclusion.",
            "Students follow a full curriculum with GCSEs and vocational courses such as construction and "
            "catering. Many return to a mainstream school or go on to college.",
        ],
        eligibility=["Children and young people with an EHCP naming social, emotional and mental health needs."],
        how=["Places are agreed through the EHCP process by the SEND panel. Ask your child's SENCO or the SEND "
             "team."],
    ),
    dict(
        key="ap_pru", cats=["education"], needs=["semh", "adhd"], maybe=["specific-learning-difficulty"],
        ages=[(11, 16)], access="prof", schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site} Alternative Provision"],
        summaries=[
            "Alternative provision for secondary pupils who have been excluded or are at risk of exclusion, "
            "with short placements to help them back into school.",
            "A pupil referral unit offering full-time education, mentoring and assessment of unmet needs.",
        ],
        descriptions=[
            "Many of our students have SEND that was not picked up before. Our SENCO screens every student for "
            "literacy difficulties, ADHD traits and speech and language needs, and shares findings with "
            "the home school.",
            "Students study English, maths and science with vocational options. Placements are usually for one "
            "or two terms, with a planned return to mainstream.",
        ],
        eligibility=["Pupils aged 11 to 16 referred by their school or by the council's exclusions team."],
        how=["Schools refer through the Fair Access Panel. Parents can ask the school's SENCO or the council's "
             "inclusion team about a place."],
    ),
    dict(
        key="nursery", cats=["education"], needs=["slcn", "autism"], maybe=["physical-disability", "adhd",
                                                                              "learning-disability"],
        ages=[(0, 4)], access="self", schedule="nursery", delivery=[["in_person"]],
        cost=["£65 a day, or use your funded hours for 2-, 3- and 4-year-olds",
              "£58 a day; 15 and 30 funded hours available",
              "£320 a week full time; funded hours available"], free_share=0.0,
        names=["{site}", "{site}: inclusive early years"],
        summaries=[
            "Day nursery in {place} for babies and children up to 4, with a SENCO and experience of supporting "
            "children with additional needs.",
            "Inclusive nursery with small key-person groups and a quiet sensory space.",
        ],
        descriptions=[
            "Our SENCO works with families and with the Early Years SEND Inclusion team to plan support. Staff "
            "are trained in Makaton and Attention Autism, and we welcome visits from speech and language "
            "therapists and portage workers.",
            "We apply for inclusion funding so children who need more adult support can have it. Children with "
            "medical needs have a care plan agreed with parents and the health visitor.",
        ],
        eligibility=["Children from 6 months to 4 years old. Funded places for eligible 2-year-olds and all "
                     "3- and 4-year-olds."],
        how=["Contact the nursery to look round and join the waiting list. Tell us about your child's needs so "
             "we can plan their start."],
    ),
    dict(
        key="nursery_school", cats=["education"], needs=["slcn", "autism", "learning-disability"],
        maybe=["physical-disability", "hearing-impairment", "visual-impairment"], ages=[(2, 4), (3, 4)],
        access="self", schedule="school", delivery=[["in_person"]],
        names=["{site}", "{site}: enhanced provision"],
        summaries=[
            "A maintained nursery school with free places for 2-, 3- and 4-year-olds and an enhanced provision "
            "for children with complex needs.",
            "Nursery school with specialist teachers for children with SEND, ages 2 to 4.",
        ],
        descriptions=[
            "Our enhanced provision has eight places for children with significant needs, taught by a "
            "specialist teacher with a higher adult ratio. Children share the garden and activities with "
            "the rest of the nursery.",
            "We run a weekly Stay and Play for families waiting for assessments, and our SENCO can help you "
            "apply for an EHC needs assessment before your child starts school.",
        ],
        eligibility=["Children aged 2 to 4 living in Riverside. Enhanced provision places are agreed with the "
                     "Early Years SEND Inclusion team."],
        how=["Apply direct to the nursery school. Your health visitor, portage worker or therapist can also "
             "refer for an enhanced place."],
    ),
    dict(
        key="childminders", cats=["education"], needs=["autism", "physical-disability", "slcn"],
        maybe=["learning-disability", "hearing-impairment"], ages=[(0, 11), (0, 4)], access="self",
        schedule="nursery", delivery=[["in_person"], ["in_person", "home_visits"]],
        cost=["From £7 an hour; funded hours accepted", "£8 an hour; funded hours accepted"], free_share=0.0,
        names=["{org}: SEND-experienced childminders", "Inclusive Childminding in {place}"],
        summaries=[
            "A network of registered childminders with training and experience in caring for disabled children "
            "and children with SEND.",
            "Home-based childcare with small numbers, for children who do better in a quieter setting.",
        ],
        descriptions=[
            "All our childminders have completed SEND training, first aid and medication training. Several "
            "are trained in tube feeding and epilepsy care, and two use Makaton and basic BSL.",
            "Childminders can collect children from school or nursery, and some offer early starts and late "
            "finishes for working parents.",
        ],
        eligibility=["Children from birth, and school-age children up to 11 for before- and after-school care."],
        how=["Email the network coordinator, who will match you with childminders near you."],
    ),
    dict(
        key="ey_inclusion", cats=["education"], needs=["autism", "slcn", "learning-disability"],
        maybe=["physical-disability", "semh", "adhd"], ages=[(0, 5)], access="prof",
        schedule="office", delivery=[["in_person", "home_visits"]],
        names=["Early Years SEND Inclusion Team", "{org} Early Years Inclusion Service"],
        summaries=[
            "Specialist teachers who help nurseries, childminders and families support young children with "
            "SEND, and who advise on inclusion funding.",
            "Advice and training for early years settings so children with additional needs can take part fully.",
        ],
        descriptions=[
            "Our advisory teachers visit children in their nursery, observe them, and help staff plan small "
            "steps. We also run training in Makaton, Attention Autism and behaviour support, and we help "
            "settings apply for Disability Access Fund and inclusion funding.",
            "We help with the move into Reception, including transition meetings with the new school's SENCO "
            "and contributing to EHC needs assessments.",
        ],
        eligibility=["Children under 5 in Riverside with SEND or suspected SEND."],
        how=["Nurseries and childminders refer with the parent's agreement. Health visitors and therapists can "
             "refer too."],
    ),
    dict(
        key="portage", cats=["education"], needs=["learning-disability", "slcn", "physical-disability"],
        maybe=["autism", "multi-sensory-impairment", "visual-impairment"], ages=[(0, 4), (0, 5)], access="both",
        schedule="flexible", delivery=[["home_visits"], ["home_visits", "in_person"]],
        names=["Portage Home Visiting", "{org} Portage Service"],
        summaries=[
            "A home-visiting educational service for pre-school children with SEND and their families.",
            "Portage workers visit at home every fortnight to play and learn with your child and plan small steps.",
        ],
        descriptions=[
            "Portage follows your child's interests. Your portage worker brings toys and ideas, helps you set "
            "goals and shares how your child is doing with nursery and health professionals. We also run a "
            "weekly Portage group at the children's centre.",
            "Visits usually last an hour. We support families until their child starts nursery or school and "
            "help with the move.",
        ],
        eligibility=["Children under 5 in Riverside with a significant developmental delay or disability."],
        how=["Parents can refer themselves by phone or email. Health visitors, paediatricians and therapists "
             "can also refer."],
        easy_read=["A portage worker comes to your home. They play with your child and help them learn. "
                   "It is for young children who need extra help."],
    ),
    dict(
        key="ed_psych", cats=["education"], needs=["learning-disability", "semh", "specific-learning-difficulty"],
        maybe=["autism", "adhd", "slcn"], ages=[(0, 25)], access="prof", schedule="office",
        delivery=[["in_person"], ["in_person", "online"]],
        names=["Educational Psychology Service", "{org} Educational Psychologists"],
        summaries=[
            "Educational psychologists who assess children's learning and wellbeing and advise schools, "
            "families and the EHCP process.",
            "Psychology support for children and young people from birth to 25, through schools and settings.",
        ],
        descriptions=[
            "Each school has a link educational psychologist who meets the SENCO regularly. We carry out "
            "statutory advice for EHC needs assessments, run consultations with parents and teachers, and "
            "deliver training on attachment, emotion coaching and precision teaching.",
            "We also support schools after critical incidents and run a termly drop-in consultation for parents.",
        ],
        eligibility=["Children and young people aged 0 to 25 who live or go to school in Riverside."],
        how=["Ask your child's SENCO: schools request EP involvement. Parents can book the termly parent "
             "consultation drop-in themselves."],
    ),
    dict(
        key="sensory_team", cats=["education"], needs=["hearing-impairment", "visual-impairment",
                                                      "multi-sensory-impairment"],
        ages=[(0, 25)], access="both", schedule="office", delivery=[["in_person", "home_visits"]],
        names=["Sensory Support Team (hearing and vision)", "{org} Sensory Service"],
        summaries=[
            "Qualified teachers of the deaf, teachers of vision impairment and a multi-sensory impairment "
            "specialist supporting children from diagnosis to 25.",
            "Specialist teaching and advice for deaf, blind, partially sighted and deafblind children.",
        ],
        descriptions=[
            "We visit babies at home soon after diagnosis, support children in nursery and school, and advise "
            "on hearing technology, braille, large print and mobility. Our habilitation officer teaches "
            "independent travel and daily living skills.",
            "Our multi-sensory impairment teacher works with deafblind children and their families, using "
            "tactile signing, objects of reference and routines built around touch.",
        ],
        eligibility=["Children and young people with a diagnosed hearing or vision loss, or both."],
        how=["Audiology and eye clinics refer automatically after diagnosis. Parents and schools can contact "
             "us directly."],
    ),
    dict(
        key="autism_outreach", cats=["education"], needs=["autism"], maybe=["slcn", "semh"],
        ages=[(4, 16), (4, 19)], access="prof", schedule="office", delivery=[["in_person"], ["in_person",
                                                                                            "online"]],
        names=["Autism Outreach Service", "{org} Autism Advisory Teachers"],
        summaries=[
            "Specialist teachers who help mainstream schools include autistic pupils, with or without a "
            "diagnosis.",
            "Advice, training and direct work in schools to support autistic children and young people.",
        ],
        descriptions=[
            "We observe pupils, help school staff make reasonable adjustments, and run the Autism Education "
            "Trust training for teachers and teaching assistants. We also offer a four-week course for autistic "
            "young people about understanding their diagnosis.",
            "Our parent workshops cover sleep, anxiety, school refusal and demand avoidance. SENCOs can book "
            "a consultation for any pupil with social communication difficulties.",
        ],
        eligibility=["Pupils in Riverside schools with autism or social communication difficulties."],
        how=["Schools refer through the SENCO. Parents can book onto workshops directly."],
    ),
    dict(
        key="ehc_team", cats=["education", "advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="both",
        schedule="office", delivery=[["in_person", "online"]],
        names=["SEND Assessment and EHCP Team", "Education, Health and Care Plan Coordinators"],
        summaries=[
            "The council team that carries out education, health and care (EHC) needs assessments and writes "
            "and reviews EHCPs.",
            "Your named EHCP coordinator for assessments, annual reviews and changes of school.",
        ],
        descriptions=[
            "Parents, young people over 16 and schools can ask for an EHC needs assessment. We must decide "
            "within 6 weeks whether to assess, and issue a final plan within 20 weeks. Each family has a named "
            "coordinator who explains each step.",
            "We also manage annual reviews, phase transfers (for example into secondary school or college) and "
            "personal budgets linked to an EHCP. If you disagree with a decision we will explain your right to "
            "mediation and appeal.",
        ],
        eligibility=["Children and young people aged 0 to 25 who live in Riverside and may need more help than "
                     "SEN support can give."],
        how=["Ask for an assessment using the online form, by email or by letter. SENDIASS can help you write "
             "your request."],
        easy_read=["This team decides if your child needs an EHC plan. An EHC plan says what help your child "
                   "will get at school. You can ask for one yourself."],
    ),
    dict(
        key="dyslexia_tuition", cats=["education"], needs=["specific-learning-difficulty"], maybe=["adhd"],
        ages=[(6, 18), (7, 25)], access="self", schedule="after_school",
        delivery=[["in_person"], ["in_person", "online"], ["online"]],
        cost=["£35 an hour; screening assessment £90", "£30 a lesson", "£25 a session for small groups"],
        free_share=0.15,
        names=["{org} Dyslexia Tuition", "Specialist Literacy Lessons in {place}", "Dyslexia and Dyscalculia "
                                                                                   "Support"],
        summaries=[
            "One-to-one lessons with specialist teachers for children and young people with dyslexia, "
            "dyscalculia or dyspraxia.",
            "Structured, multisensory literacy and maths teaching for learners with specific learning "
            "difficulties.",
        ],
        descriptions=[
            "Our teachers hold specialist qualifications in specific learning difficulties. Lessons use a "
            "structured, cumulative phonics programme and touch-typing, and we send a short note to school "
            "after each half term.",
            "We offer screening and full diagnostic assessments, including reports for exam access arrangements "
            "and the Disabled Students' Allowance.",
        ],
        eligibility=["Learners aged 6 and over. You do not need a diagnosis to start lessons."],
        how=["Book a free 20-minute call to talk about your child, then a first lesson."],
    ),
    dict(
        key="medical_tuition", cats=["education", "health"], needs=["semh", "physical-disability"],
        maybe=["autism"], ages=[(5, 16)], access="prof", schedule="school",
        delivery=[["in_person", "home_visits", "online"]],
        names=["Hospital and Home Education Service", "Medical Needs Teaching Service"],
        summaries=[
            "Teaching at home, in hospital or online for children who cannot go to school for 15 days or more "
            "because of illness, including mental illness.",
            "Education for pupils too unwell to attend school, with a plan to return.",
        ],
        descriptions=[
            "Our teachers work in the children's ward at the local hospital, in pupils' homes and online. We "
            "keep pupils following their school's curriculum and work with CAMHS and the school on a gradual "
            "return.",
            "Many of our pupils have anxiety-related school non-attendance. We start with short sessions at "
            "home and build up to small groups at our centre.",
        ],
        eligibility=["Pupils aged 5 to 16 whose consultant or CAMHS clinician confirms they are too unwell to "
                     "attend school."],
        how=["The school makes the referral with medical evidence. Parents can ask the SENCO to refer."],
    ),
    dict(
        key="school_transport", cats=["education", "post-16"], needs=["learning-disability", "physical-disability",
                                                                      "autism"],
        maybe=["visual-impairment", "multi-sensory-impairment", "semh"], ages=[(4, 25)], access="both",
        schedule="office", delivery=[["in_person"]],
        names=["SEND Travel Assistance (home to school transport)", "Travel Assistance for Learners with SEND"],
        summaries=[
            "Help getting to school or college for children and young people with SEND: a bus pass, a "
            "personal travel budget, or a minibus with a passenger assistant.",
            "Apply for travel support to school or college if your child cannot travel independently.",
        ],
        descriptions=[
            "We assess every application individually. Support can include independent travel training, an "
            "Oyster photocard for a parent, a personal travel budget, or shared transport with a trained "
            "passenger assistant.",
            "Young people aged 16 to 25 apply each year with the post-16 transport statement. Drivers and "
            "passenger assistants are trained in epilepsy care and safe use of wheelchair restraints.",
        ],
        eligibility=["Children and young people living in Riverside who cannot reasonably walk or travel to "
                     "their school or college because of their SEND."],
        how=["Apply online by 31 May for September. Your EHCP coordinator can help with the form."],
    ),
    dict(
        key="homework_club", cats=["education", "leisure"], needs=["specific-learning-difficulty", "adhd"],
        maybe=["autism", "slcn"], ages=[(8, 16)], access="self", schedule="after_school",
        delivery=[["in_person"]],
        names=["Quiet Homework Club at {site}", "{place} Study Support Club"],
        summaries=[
            "An after-school homework club with calm space, laptops and volunteers trained in supporting "
            "learners with dyslexia and ADHD.",
            "Free homework help in small groups, with movement breaks and snacks.",
        ],
        descriptions=[
            "Volunteer tutors help with reading, spelling and organising homework. We have reading pens, "
            "coloured overlays and text-to-speech software.",
            "Sessions are structured with a visual plan, a snack and movement breaks, which suits young "
            "people who find it hard to settle.",
        ],
        eligibility=["Young people aged 8 to 16; no diagnosis needed."],
        how=["Just turn up, or email to book a first visit if you would like a quieter start."],
    ),
    # ---------------------------------------------------------------- health
    dict(
        key="salt_early", cats=["health"], needs=["slcn"], maybe=["autism", "hearing-impairment",
                                                             "learning-disability"],
        ages=[(0, 5)], access="both", schedule="clinic", delivery=[["in_person", "home_visits"]], all_sites=True,
        names=["Early Years Speech and Language Therapy", "Speech and Language Therapy (SALT) for under-5s"],
        summaries=[
            "NHS speech and language therapists for babies and young children with speech, language, "
            "communication or feeding difficulties.",
            "Assessment, groups and advice for under-5s who are late to talk, hard to understand or stammering.",
        ],
        descriptions=[
            "After an assessment we may offer a parent workshop, a group such as Chatter Matters or Little "
            "Talkers, or a block of one-to-one therapy. We also see babies and toddlers with eating, drinking "
            "and swallowing difficulties.",
            "Our therapists work in children's centres and nurseries as well as clinics, and can see children "
            "at home when that is best. We run a stammering clinic for children aged 2 to 5.",
        ],
        eligibility=["Children under 5 registered with a Riverside GP."],
        how=["Parents can refer themselves with our online form. Health visitors, GPs and nurseries can also "
             "refer."],
        easy_read=["We help young children who find talking hard. We play and talk with your child. You can "
                   "ask for help yourself."],
    ),
    dict(
        key="salt_school", cats=["health", "education"], needs=["slcn"], maybe=["autism", "hearing-impairment",
                                                                            "learning-disability"],
        ages=[(5, 18), (5, 19)], access="prof", schedule="clinic", delivery=[["in_person"], ["in_person",
                                                                                            "online"]],
        names=["School-Age Speech and Language Therapy", "{org} SALT Team for Schools"],
        summaries=[
            "Speech and language therapy in mainstream and special schools for children with speech, language "
            "and communication needs (SLCN).",
            "NHS SALT for school-age children and young people, delivered with teachers in school.",
        ],
        descriptions=[
            "Each school has a link therapist who trains staff, sets targets and reviews progress. Children "
            "with an EHCP get the therapy written in their plan. We also support young people who stammer and "
            "those who use communication aids (AAC).",
            "We run social communication groups for secondary students and training for teaching assistants "
            "in language strategies. Parents are invited to a review at least once a year.",
        ],
        eligibility=["Children aged 5 to 18 attending a Riverside school, or 19 in a special school."],
        how=["Schools refer through the SENCO with parent consent. GPs and paediatricians can also refer."],
    ),
    dict(
        key="salt_dropin", cats=["health"], needs=["slcn"], maybe=["autism"], ages=[(0, 5), (1, 4)],
        access="self", schedule="drop_in", delivery=[["in_person"]],
        names=["Chatterbox Speech Drop-in at {site}", "Talk Time: speech and language drop-in"],
        summaries=[
            "Drop in to talk to a speech and language therapist about your child's talking. No appointment or "
            "referral needed.",
            "A free weekly drop-in where you can ask a SALT about your young child's speech and understanding.",
        ],
        descriptions=[
            "Bring your child along to play while you talk with a therapist for about 15 minutes. We give ideas "
            "to try at home and, if needed, book an assessment.",
            "Interpreters can be arranged if you let us know the week before. Our therapists speak English, "
            "Turkish and Polish.",
        ],
        eligibility=["Families with children under 5 in Riverside."],
        how=["Just drop in during the session."],
    ),
    dict(
        key="ot", cats=["health"], needs=["physical-disability", "specific-learning-difficulty"],
        maybe=["autism", "learning-disability", "multi-sensory-impairment"], ages=[(0, 18), (0, 19)],
        access="prof", schedule="clinic", delivery=[["in_person", "home_visits"], ["in_person"]],
        names=["Children's Occupational Therapy", "{org} Paediatric OT"],
        summaries=[
            "NHS occupational therapists (OT) helping children manage everyday activities: dressing, eating, "
            "handwriting, play and getting around school.",
            "Occupational therapy for children with physical, coordination or sensory processing difficulties.",
        ],
        descriptions=[
            "We assess motor skills, coordination (including DCD and dyspraxia), and sensory processing. "
            "Therapy may be a short block of sessions, a programme for school, or advice on equipment such as "
            "specialist seating.",
            "We run parent workshops on sensory needs and a handwriting group in the school holidays. For "
            "equipment and adaptations at home, we work with the council's social care OT.",
        ],
        eligibility=["Children and young people registered with a Riverside GP."],
        how=["Referral from a GP, paediatrician, school SENCO or health visitor."],
    ),
    dict(
        key="physio", cats=["health"], needs=["physical-disability"], maybe=["learning-disability",
                                                                            "multi-sensory-impairment"],
        ages=[(0, 18), (0, 19)], access="prof", schedule="clinic",
        delivery=[["in_person", "home_visits"], ["in_person"]],
        names=["Children's Physiotherapy", "Paediatric Physiotherapy Service"],
        summaries=[
            "NHS physiotherapy for babies, children and young people with movement difficulties, including "
            "cerebral palsy and neuromuscular conditions.",
            "Physio at clinic, home, nursery or school to help children move, sit, stand and walk.",
        ],
        descriptions=[
            "We provide postural management, stretching programmes, orthotics, and advice on standing frames "
            "and walkers. Our hydrotherapy sessions run at the special school pool.",
            "We work with families to set goals that matter in daily life, such as getting into the car or "
            "joining in PE. We also run a baby movement group for infants with early motor delay.",
        ],
        eligibility=["Children and young people registered with a Riverside GP."],
        how=["Referral from a GP, paediatrician or another therapist."],
    ),
    dict(
        key="paediatrics", cats=["health"], needs=["autism", "adhd", "learning-disability",
                                                   "physical-disability"],
        maybe=["semh", "hearing-impairment", "visual-impairment"], ages=[(0, 18)], access="prof",
        schedule="clinic", delivery=[["in_person"], ["in_person", "online"]],
        names=["Community Paediatrics", "Child Development Centre"],
        summaries=[
            "Doctors who assess and care for children with developmental delay, disability, and "
            "neurodevelopmental conditions such as autism and ADHD.",
            "Child development assessments by paediatricians, therapists and nurses working as one team.",
        ],
        descriptions=[
            "The child development centre assesses young children with global developmental delay, offers "
            "diagnosis and follow-up, and coordinates therapy. Community paediatricians also provide medical "
            "advice for EHC needs assessments.",
            "We run clinics for epilepsy, sleep difficulties, feeding and toileting in disabled children, and "
            "review children on ADHD medication.",
        ],
        eligibility=["Children and young people up to 18 registered with a Riverside GP."],
        how=["Referral from a GP, health visitor, school nurse or therapist."],
    ),
    dict(
        key="nd_assessment", cats=["health"], needs=["autism", "adhd"], maybe=["slcn", "semh"],
        ages=[(2, 18), (5, 18)], access="prof", schedule="clinic", delivery=[["in_person", "online"]],
        names=["Neurodevelopmental Assessment Service (autism and ADHD)", "ASD and ADHD Assessment Pathway"],
        summaries=[
            "Multi-professional assessment for autism (ASD) and ADHD, with support for families while they wait.",
            "The local pathway for children and young people who may be autistic or have ADHD.",
        ],
        descriptions=[
            "Assessment involves a developmental history, observation at school, and appointments with a "
            "paediatrician, psychologist and speech and language therapist. You do not need a diagnosis to get "
            "support at school or from short breaks.",
            "While you wait we offer pre-assessment workshops, a parent advice line and signposting to the "
            "parent carer forum and SENDIASS.",
        ],
        eligibility=["Children and young people registered with a Riverside GP, after school-based support has "
                     "been tried."],
        how=["Referral from the school SENCO, GP, or CAMHS, using the shared request form."],
    ),
    dict(
        key="camhs", cats=["health"], needs=["semh"], maybe=["adhd", "autism", "learning-disability"],
        ages=[(0, 18)], access="both", schedule="clinic", delivery=[["in_person", "online"]],
        names=["CAMHS: Child and Adolescent Mental Health Service", "Riverside CAMHS"],
        summaries=[
            "NHS mental health service for children and young people with anxiety, depression, self-harm, "
            "eating difficulties and other mental health needs.",
            "CAMHS offers assessment, therapy and psychiatry for children and teenagers struggling with their "
            "mental health.",
        ],
        descriptions=[
            "We offer cognitive behavioural therapy (CBT), family therapy, group work and medication where "
            "needed. Our neurodevelopmental team supports young people with ADHD and autism alongside mental "
            "health difficulties.",
            "Young people aged 14 and over can refer themselves. We see people at our clinic, at school, or by "
            "video call.",
        ],
        eligibility=["Children and young people up to 18 registered with a Riverside GP."],
        how=["Refer online: GPs, schools and social workers can refer, and young people aged 14 and over can "
             "refer themselves. In a crisis call the 24-hour mental health line."],
    ),
    dict(
        key="camhs_ld", cats=["health"], needs=["learning-disability", "semh", "autism"],
        maybe=["multi-sensory-impairment"], ages=[(0, 18)], access="prof", schedule="clinic",
        delivery=[["in_person", "home_visits"]],
        names=["CAMHS Learning Disability Team", "Mental Health Support for Children with Learning Disabilities"],
        summaries=[
            "Specialist CAMHS for children with a moderate to profound learning disability and mental health "
            "or behaviour that challenges.",
            "Positive behaviour support, psychology and psychiatry for children with learning disabilities.",
        ],
        descriptions=[
            "Our psychologists, nurses and psychiatrist work with families at home and at school. We use "
            "positive behaviour support (PBS) plans and work closely with special schools and the disabled "
            "children's team.",
            "We run the Stepping Stones parenting programme for parents of children with learning "
            "disabilities, and sleep workshops.",
        ],
        eligibility=["Children and young people with a diagnosed learning disability, registered with a "
                     "Riverside GP."],
        how=["Referral from a GP, paediatrician, school or social worker."],
    ),
    dict(
        key="mhst", cats=["health", "education"], needs=["semh"], maybe=["adhd", "autism"],
        ages=[(5, 18)], access="both", schedule="school", delivery=[["in_person"], ["in_person", "online"]],
        names=["Mental Health Support Team in Schools", "Wellbeing in Schools Team"],
        summaries=[
            "Education mental health practitioners working in schools with pupils who have mild to moderate "
            "anxiety or low mood.",
            "Early mental health support in school: short programmes for pupils and groups for parents.",
        ],
        descriptions=[
            "We offer six to eight sessions of guided self-help based on CBT, parent-led programmes for "
            "younger children with worries, and whole-school work on wellbeing.",
            "We adapt our work for autistic pupils and those with ADHD, for example using visual materials "
            "and shorter sessions.",
        ],
        eligibility=["Pupils at schools taking part in the programme (ask your school)."],
        how=["Speak to your child's teacher, SENCO or the school's mental health lead."],
    ),
    dict(
        key="crisis_line", cats=["health"], needs=["semh"], maybe=["autism"], ages=[(0, 25), (11, 25)],
        access="self", schedule="always", delivery=[["online"]],
        names=["24-hour Mental Health Crisis Line", "Night Owl Crisis Text Line"],
        summaries=[
            "Call or text any time, day or night, if you or your child are in a mental health crisis.",
            "Free, confidential crisis support by phone, text and web chat, 24 hours a day.",
        ],
        descriptions=[
            "Trained staff and volunteers listen, help you stay safe, and connect you with urgent NHS help. "
            "Parents worried about a child can call too.",
            "You can text if phone calls are hard. We can use a relay service for deaf callers.",
        ],
        eligibility=["Anyone; young people and parents."],
        how=["Call or text the number at any time. If someone is in immediate danger call 999."],
        easy_read=["If you feel very upset or not safe, you can call or text us. We are here all the time, day "
                   "and night. It is free."],
    ),
    dict(
        key="school_nursing_special", cats=["health"], needs=["physical-disability", "learning-disability",
                                                             "multi-sensory-impairment"],
        ages=[(2, 19)], access="ehcp", schedule="school", delivery=[["in_person"]],
        names=["Special School Nursing Team", "Nursing in Special Schools"],
        summaries=[
            "Children's nurses based in special schools, caring for pupils with complex health needs during "
            "the school day.",
            "Nursing care in school, including tube feeding, epilepsy care, suction and medication.",
        ],
        descriptions=[
            "Our nurses write health care plans with parents, train school staff, and attend EHCP reviews. "
            "They also run puberty and relationships sessions adapted for pupils with learning disabilities.",
            "We manage emergency medication plans, gastrostomy care and oxygen, and link with the hospital "
            "and community paediatricians.",
        ],
        eligibility=["Pupils at Riverside special schools and resource bases."],
        how=["All pupils at the schools are seen by the team; ask the school nurse directly."],
    ),
    dict(
        key="continence", cats=["health"], needs=["learning-disability", "physical-disability", "autism"],
        ages=[(4, 19)], access="both", schedule="clinic", delivery=[["in_person", "home_visits"]],
        names=["Children's Continence Service", "Toilet Training and Continence Clinic"],
        summaries=[
            "Help with toilet training, wetting and soiling, including for children with learning disabilities "
            "and autism.",
            "Assessment, advice and continence products for children and young people.",
        ],
        descriptions=[
            "Our nurses assess your child, suggest a toileting programme and, if needed, arrange pads and "
            "products delivered to your home. We use visual schedules and social stories for autistic children.",
            "We run a toilet training workshop for parents of children with SEND each term.",
        ],
        eligibility=["Children aged 4 to 19 registered with a Riverside GP."],
        how=["Parents can refer themselves. GPs, school nurses and health visitors can also refer."],
    ),
    dict(
        key="wheelchair", cats=["health"], needs=["physical-disability"], maybe=["multi-sensory-impairment"],
        ages=[(0, 25)], access="prof", schedule="clinic", delivery=[["in_person"]],
        names=["Children's Wheelchair Service", "Wheelchair and Seating Clinic"],
        summaries=[
            "Assessment for manual and powered wheelchairs, buggies and specialist seating for children and "
            "young people.",
            "NHS wheelchair provision, repairs and reviews as children grow.",
        ],
        descriptions=[
            "Our therapists and engineers assess posture and mobility and can offer a personal wheelchair "
            "budget towards a chair you choose. Repairs are handled by our approved repairer.",
            "We review children at least once a year, and quicker if they have outgrown their chair.",
        ],
        eligibility=["Children and young people with a long-term difficulty walking, registered with a GP in "
                     "north east London."],
        how=["Referral by a physiotherapist, occupational therapist or doctor."],
    ),
    dict(
        key="audiology", cats=["health"], needs=["hearing-impairment"], maybe=["multi-sensory-impairment"],
        ages=[(0, 18)], access="prof", schedule="clinic", delivery=[["in_person"]],
        names=["Paediatric Audiology", "Children's Hearing Clinic"],
        summaries=[
            "Hearing tests for babies and children, hearing aid fitting and repairs.",
            "NHS audiology for children, including newborn hearing screening follow-up.",
        ],
        descriptions=[
            "We test hearing at any age using play audiometry and specialist tests. We fit and maintain "
            "hearing aids and refer to the cochlear implant centre when needed. A teacher of the deaf attends "
            "our clinics.",
            "Hearing aid repairs and ear mould impressions are available at a weekly drop-in.",
        ],
        eligibility=["Children registered with a Riverside GP."],
        how=["GP, health visitor or school nurse referral. Families already under the service can use the "
             "repairs drop-in."],
    ),
    dict(
        key="eye_clinic", cats=["health"], needs=["visual-impairment"], maybe=["learning-disability",
                                                                              "multi-sensory-impairment"],
        ages=[(0, 18), (0, 19)], access="prof", schedule="clinic", delivery=[["in_person"]],
        names=["Children's Eye Clinic (orthoptics)", "Special School Eye Care Service"],
        summaries=[
            "Orthoptists and optometrists checking children's vision, squints and lazy eye, including "
            "children who cannot do a letter chart.",
            "Eye tests and glasses for pupils in special schools, in school.",
        ],
        descriptions=[
            "We use picture and preferential-looking tests so every child can be assessed. Glasses are "
            "fitted in school where possible and a report is shared with teachers so lessons can be adapted.",
            "We work with the Sensory Support Team when a child's sight loss affects learning.",
        ],
        eligibility=["Children registered with a Riverside GP, and pupils at Riverside special schools."],
        how=["GP, school nurse or health visitor referral; special school pupils are seen in school."],
    ),
    dict(
        key="feeding_clinic", cats=["health"], needs=["autism", "physical-disability"],
        maybe=["learning-disability", "slcn"], ages=[(0, 18)], access="prof", schedule="clinic",
        delivery=[["in_person", "online"]],
        names=["Paediatric Dietetics and Feeding Clinic", "Eating and Drinking Difficulties Service"],
        summaries=[
            "Dietitians and therapists helping children with very restricted eating, tube feeding or "
            "swallowing difficulties.",
            "Support for children who eat only a few foods, including autistic children and children with ARFID.",
        ],
        descriptions=[
            "We offer one-to-one appointments and a parent group on calmer mealtimes. We support children "
            "moving from tube feeding to eating by mouth.",
            "Speech and language therapists in the clinic assess swallowing safety and advise schools.",
        ],
        eligibility=["Children registered with a Riverside GP."],
        how=["Referral from a GP, paediatrician or speech and language therapist."],
    ),
    dict(
        key="ld_health_adult", cats=["health", "post-16"], needs=["learning-disability", "autism"],
        maybe=["physical-disability", "semh"], ages=[(18, 25)], access="both", schedule="office",
        delivery=[["in_person", "home_visits"]],
        names=["Integrated Learning Disabilities Service", "Adult Learning Disability Health Team"],
        summaries=[
            "Nurses, therapists and psychologists for adults with learning disabilities, from 18.",
            "Health support for young adults with learning disabilities, including annual health checks.",
        ],
        descriptions=[
            "We help young adults get good health care: hospital passports, easy-read letters, support with "
            "annual health checks and reasonable adjustments at appointments.",
            "Our team works with children's services from age 17 so that moving to adult health care goes "
            "smoothly.",
        ],
        eligibility=["Adults aged 18 and over with a learning disability, registered with a Riverside GP."],
        how=["Young people, families, GPs and social workers can refer."],
        easy_read=["We help adults with a learning disability stay healthy. We can come to your doctor "
                   "appointments with you."],
    ),
    dict(
        key="sleep_clinic", cats=["health", "advice"], needs=["autism", "adhd"], maybe=["learning-disability"],
        ages=[(2, 18)], access="self", schedule="evening", delivery=[["online"], ["in_person", "online"]],
        names=["Sleep Support Workshops for Parents", "{org} Sleep Clinic"],
        summaries=[
            "Practical help for families whose disabled or neurodivergent children struggle to sleep.",
            "Workshops and one-to-one sleep advice for parents of autistic children and children with ADHD.",
        ],
        descriptions=[
            "Our trained sleep practitioners cover bedtime routines, sensory needs, anxiety and early waking. "
            "After the workshop you can book two follow-up calls.",
            "We keep a sleep diary with you for two weeks and make a plan together.",
        ],
        eligibility=["Parents and carers of children with SEND in Riverside."],
        how=["Book a place online or by phone."],
    ),
    dict(
        key="online_counselling", cats=["health"], needs=["semh"], maybe=["autism", "adhd"],
        ages=[(11, 25), (10, 25)], access="self", schedule="helpline_long", delivery=[["online"]],
        names=["{org}: online counselling for young people", "Free Online Counselling and Chat"],
        summaries=[
            "Anonymous online counselling, chat and self-help for young people, with no waiting list.",
            "Talk to a qualified counsellor by chat or message, without a referral.",
        ],
        descriptions=[
            "Young people can message counsellors, join moderated forums and use self-help articles written "
            "with young people. Counsellors are trained in working with neurodivergent young people.",
            "Drop-in chats run every evening. You can also book a regular chat with the same counsellor.",
        ],
        eligibility=["Young people aged 11 to 25 anywhere in England."],
        how=["Sign up on the website; no referral needed."],
    ),
    dict(
        key="music_therapy", cats=["health", "leisure"], needs=["autism", "learning-disability", "slcn"],
        maybe=["multi-sensory-impairment", "semh"], ages=[(0, 19), (2, 25)], access="both",
        schedule="weekly_group", delivery=[["in_person"], ["in_person", "online"]],
        cost=["£45 a session; bursaries available", "£15 a group session"], free_share=0.3,
        names=["{org} Music Therapy", "Music Therapy for Children and Young People"],
        summaries=[
            "Registered music therapists using live music to help children communicate, express feelings and "
            "connect with others.",
            "Individual and group music therapy for children with communication difficulties.",
        ],
        descriptions=[
            "No musical skill is needed. Sessions follow the child's lead with instruments, voice and movement, "
            "and are especially helpful for children who do not use words.",
            "We work in special schools and at our centre, and share progress with parents and therapists.",
        ],
        eligibility=["Children and young people with communication difficulties, learning disabilities or "
                     "emotional needs."],
        how=["Contact us for an initial meeting. Schools can commission sessions for pupils."],
    ),
    # ---------------------------------------------------------------- social care
    dict(
        key="cwd_team", cats=["social-care"], needs=["learning-disability", "physical-disability", "autism"],
        maybe=["multi-sensory-impairment", "visual-impairment", "hearing-impairment"], ages=[(0, 18)],
        access="both", schedule="office", delivery=[["in_person", "home_visits"]],
        names=["Disabled Children's Social Work Team", "Children with Disabilities Team"],
        summaries=[
            "Social workers for disabled children and their families: assessments, short breaks, direct "
            "payments and safeguarding.",
            "The council's social care team for children with significant disabilities.",
        ],
        descriptions=[
            "We carry out child and family assessments to understand what support your family needs. This "
            "can include overnight short breaks (respite), care at home, direct payments and help from other "
            "services.",
            "We contribute the social care section of EHCPs and work with the transition team from age 14 to "
            "plan for adult services.",
        ],
        eligibility=["Children aged 0 to 18 living in Riverside with a substantial and long-term disability."],
        how=["Contact the Children's Front Door by phone or online. Parents can refer themselves."],
    ),
    dict(
        key="transition_team", cats=["social-care", "post-16"], needs=["learning-disability", "autism",
                                                                       "physical-disability"],
        maybe=["multi-sensory-impairment", "semh"], ages=[(14, 25)], access="both", schedule="office",
        delivery=[["in_person", "home_visits", "online"]],
        names=["Preparing for Adulthood Team", "Transitions Social Work Team (14 to 25)"],
        summaries=[
            "Social workers helping disabled young people plan for adult life, from age 14, and move from "
            "children's to adult social care.",
            "Preparing for adulthood (PfA): housing, work, friendships and health, planned with you.",
        ],
        descriptions=[
            "We work with young people, families, schools and colleges on the four preparing for adulthood "
            "outcomes: employment, independent living, community inclusion and health. From 17 we carry out "
            "the Care Act assessment for adult services.",
            "We help with mental capacity, Lasting Power of Attorney and deputyship questions when a young "
            "person turns 18.",
        ],
        eligibility=["Young people aged 14 to 25 with a disability who are likely to need adult social care."],
        how=["Referral by the disabled children's team, school, college or the young person and family."],
    ),
    dict(
        key="care_ot", cats=["social-care"], needs=["physical-disability"], maybe=["multi-sensory-impairment",
                                                                                  "visual-impairment",
                                                                                  "learning-disability"],
        ages=[(0, 25)], access="both", schedule="office", delivery=[["home_visits"]],
        names=["Social Care Occupational Therapy (equipment and adaptations)", "Home Adaptations and Equipment"],
        summaries=[
            "Occupational therapists who assess for equipment and adaptations at home, such as hoists, ramps "
            "and accessible bathrooms.",
            "Help making your home safe and accessible for a disabled child.",
        ],
        descriptions=[
            "After a home visit we can provide equipment such as bath seats, hoists and specialist beds, and "
            "recommend larger adaptations funded through the Disabled Facilities Grant.",
            "We work with housing officers when a family's home cannot be adapted and a move is needed.",
        ],
        eligibility=["Disabled children and young people living in Riverside."],
        how=["Contact the council's adult or children's social care front door; parents can refer."],
    ),
    dict(
        key="direct_payments", cats=["social-care"], needs=["learning-disability", "physical-disability",
                                                            "autism"],
        maybe=["multi-sensory-impairment", "semh", "adhd"], ages=[(0, 25)], access="both", schedule="office",
        delivery=[["in_person", "online"]],
        names=["Direct Payments and Personal Budgets Support", "{org} Personal Assistant Finder"],
        summaries=[
            "Help using a direct payment or personal budget to arrange your child's care and short breaks.",
            "Advice on employing a personal assistant (PA), payroll and finding a PA near you.",
        ],
        descriptions=[
            "Our advisers explain how direct payments work, help you set up a payroll and insurance, and "
            "advertise for personal assistants. We keep a register of PAs with DBS checks.",
            "We run a monthly PA training day covering safeguarding, moving and handling, and autism awareness.",
        ],
        eligibility=["Families with an assessed need for social care or a personal budget in an EHCP."],
        how=["Ask your social worker or EHCP coordinator, or contact us directly."],
    ),
    dict(
        key="early_help", cats=["social-care", "advice"], needs=["semh", "adhd", "autism"],
        maybe=["slcn", "learning-disability"], ages=[(0, 18)], access="both", schedule="office",
        delivery=[["in_person", "home_visits"]],
        names=["Early Help Family Support", "{org} Family Support Workers"],
        summaries=[
            "Family support workers who help with behaviour, routines, school attendance and getting the right "
            "services, before problems grow.",
            "Practical and emotional support at home for families who are struggling.",
        ],
        descriptions=[
            "Your family support worker agrees a plan with you and meets weekly. Support can include behaviour "
            "strategies for children with ADHD or autism, help with benefits and housing, and joining a "
            "parenting course.",
            "We hold Team Around the Family meetings so school, health and other services work together.",
        ],
        eligibility=["Families with children under 18 living in Riverside."],
        how=["Ask any professional to refer, or contact the Children's Front Door yourself."],
    ),
    dict(
        key="young_carers", cats=["social-care", "advice"], needs=["semh"],
        maybe=["autism", "learning-disability", "physical-disability", "adhd"], ages=[(8, 18), (8, 25)],
        access="self", schedule="after_school", delivery=[["in_person"], ["in_person", "online"]],
        names=["Young Carers Project", "{org} Young Carers and Siblings Group"],
        summaries=[
            "Support, trips and a break for children and young people who help look after a disabled brother, "
            "sister or parent.",
            "Groups, one-to-one support and young carers' assessments.",
        ],
        descriptions=[
            "Young carers meet others in the same situation, go on trips and get help talking to school about "
            "their caring role. We can carry out a young carer's needs assessment.",
            "Our young adult carers group (18 to 25) helps with college, work and time for yourself.",
        ],
        eligibility=["Young people aged 8 and over who care for someone in their family."],
        how=["Young people, parents, schools and professionals can refer using our online form."],
    ),
    dict(
        key="keyworking", cats=["social-care", "health"], needs=["autism", "learning-disability", "semh"],
        ages=[(0, 25)], access="prof", schedule="office", delivery=[["in_person", "home_visits", "online"]],
        names=["Keyworker Service for Autistic Young People and Young People with Learning Disabilities",
               "Intensive Support and Keyworking Team"],
        summaries=[
            "A named keyworker for autistic children and children with learning disabilities at risk of a "
            "mental health hospital admission.",
            "Keyworkers who coordinate health, education and care so a young person can stay at home.",
        ],
        descriptions=[
            "Keyworkers make sure services work together and reasonable adjustments are made. They attend "
            "care, education and treatment reviews and help families be heard.",
            "We support young people on the dynamic support register and their families, for as long as needed.",
        ],
        eligibility=["Autistic young people and young people with a learning disability on the dynamic support "
                     "register."],
        how=["Referral through CAMHS, the disabled children's team or the dynamic support register."],
    ),
    dict(
        key="continuing_care", cats=["health", "social-care"], needs=["physical-disability",
                                                                      "multi-sensory-impairment",
                                                                      "learning-disability"],
        ages=[(0, 18)], access="prof", schedule="office", delivery=[["home_visits"]],
        names=["Children's Continuing Care", "Complex Care at Home Service"],
        summaries=[
            "NHS-funded care at home for children with very complex health needs that cannot be met by "
            "ordinary services.",
            "Trained carers and nurses supporting children with complex health needs at home.",
        ],
        descriptions=[
            "A nurse assessor looks at your child's needs using the national framework. If eligible, a package "
            "of care is agreed, which can be a personal health budget.",
            "Our carers are trained by children's nurses in tracheostomy care, ventilation and gastrostomy "
            "feeding, and can provide overnight care so parents can sleep.",
        ],
        eligibility=["Children and young people under 18 with complex, long-term health needs."],
        how=["Referral by a health professional such as a community nurse or consultant."],
    ),
    dict(
        key="shared_lives", cats=["social-care", "post-16"], needs=["learning-disability", "autism"],
        maybe=["physical-disability", "semh"], ages=[(16, 25), (18, 25)], access="prof", schedule="flexible",
        delivery=[["in_person"]],
        names=["Shared Lives Riverside", "{org} Shared Lives Scheme"],
        summaries=[
            "Young adults with learning disabilities live with, or visit, an approved Shared Lives carer and "
            "their family.",
            "Family-based support, day time or overnight, as an alternative to residential care.",
        ],
        descriptions=[
            "Shared Lives carers are checked, trained and matched carefully. Arrangements can be long-term "
            "living, short breaks, or day support.",
            "Many young people use Shared Lives as a first step away from the family home.",
        ],
        eligibility=["Young adults aged 16 and over with an assessed social care need."],
        how=["Ask your social worker or the Preparing for Adulthood team to refer."],
    ),
    dict(
        key="pa_support", cats=["social-care", "short-breaks"], needs=["learning-disability", "autism",
                                                                       "physical-disability"],
        maybe=["multi-sensory-impairment"], ages=[(5, 25)], access="self", schedule="flexible",
        delivery=[["home_visits"], ["home_visits", "in_person"]],
        cost=["£18 an hour (direct payments accepted)", "£17.50 an hour; you can use a direct payment"],
        free_share=0.0,
        names=["{org} Home Support and Sitting Service", "Care at Home and in the Community"],
        summaries=[
            "Trained support workers who care for your disabled child at home or take them out, so you get a "
            "break.",
            "Sitting, personal care and community outings, paid for with a direct payment or privately.",
        ],
        descriptions=[
            "We match each family with a small team of regular support workers. Visits can be after school, "
            "evenings or weekends, and workers are trained in personal care, medication and epilepsy.",
            "Support workers can help young people go swimming, to the cinema or to clubs, building "
            "confidence and independence.",
        ],
        eligibility=["Disabled children and young people aged 5 to 25."],
        how=["Call us for a free visit to talk about what you need."],
    ),
    # ---------------------------------------------------------------- short breaks
    dict(
        key="overnight_breaks", cats=["short-breaks", "social-care"], needs=["learning-disability",
                                                                             "physical-disability", "autism"],
        maybe=["multi-sensory-impairment", "visual-impairment", "hearing-impairment"], ages=[(5, 18), (8, 18)],
        access="prof", schedule="overnight", delivery=[["in_person"]],
        names=["{site} Overnight Short Breaks", "{site}: residential respite"],
        summaries=[
            "Overnight short breaks (respite) in a homely, accessible house, for disabled children assessed by "
            "the disabled children's team.",
            "Planned overnight stays with trained staff, fun activities and friends, giving families a rest.",
        ],
        descriptions=[
            "The house has six bedrooms, ceiling hoists, a sensory room and a garden with a wheelchair swing. "
            "Children come for one or two nights a month at weekends or midweek, and go to school as usual.",
            "Staff are trained in epilepsy care, gastrostomy feeding and positive behaviour support. We plan "
            "each stay with families, including favourite foods and bedtime routines.",
        ],
        eligibility=["Children and young people aged 5 to 18 with complex disabilities, after a social care "
                     "assessment."],
        how=["Your social worker in the disabled children's team makes the referral."],
        easy_read=["This is a house where disabled children can stay for a night or two. There are staff to "
                   "look after you. You can play, have fun and make friends."],
    ),
    dict(
        key="after_school_breaks", cats=["short-breaks", "leisure"], needs=["autism", "learning-disability"],
        maybe=["adhd", "physical-disability", "slcn"], ages=[(5, 17), (5, 11), (11, 17)], access="self",
        schedule="after_school", delivery=[["in_person"]],
        cost=["£5 a session", "£6 a session; free with a short breaks assessment", "£4 a session"],
        free_share=0.4,
        names=["{org} After-School Club", "{place} Inclusive After-School Club", "Twilight Club at {site}"],
        summaries=[
            "An after-school club for disabled children and children with SEND, with high staff ratios, "
            "games, cooking and a quiet room.",
            "After-school short breaks: collected from school, fed, and back home by 6pm.",
        ],
        descriptions=[
            "Children can be collected from school by our minibus. Activities include cooking, art, sensory "
            "play, football and the outdoor play area. Staffing is one adult to two children, or one to one if "
            "needed.",
            "The club runs in term time. Staff are trained in autism, Makaton and positive behaviour support, "
            "and we plan each child's session with their family.",
        ],
        eligibility=["Disabled children and children with SEND who live in Riverside. No diagnosis needed."],
        how=["Fill in a short breaks registration form and we will call you to plan a first visit."],
    ),
    dict(
        key="saturday_club", cats=["short-breaks", "leisure"], needs=["learning-disability", "autism"],
        maybe=["physical-disability", "multi-sensory-impairment", "adhd"], ages=[(5, 18), (8, 19)],
        access="self", schedule="saturday", delivery=[["in_person"]],
        cost=["£10 a session", "£8 a session; funded places available"], free_share=0.4,
        names=["{org} Saturday Club", "Saturday Fun Club at {site}", "Weekend Play Club in {place}"],
        summaries=[
            "A Saturday club with games, trips, arts and sport for disabled children, giving parents a break.",
            "Weekend short breaks with trained playworkers and a sensory room.",
        ],
        descriptions=[
            "Each Saturday has a theme, from pirates to science. We go on trips to parks, farms and the seaside "
            "in the summer, with accessible transport.",
            "Children with complex needs are welcome: staff are trained in personal care, hoisting and "
            "medication.",
        ],
        eligibility=["Children and young people with SEND living in Riverside."],
        how=["Register online for the short breaks local offer, then book sessions by email."],
    ),
    dict(
        key="holiday_scheme", cats=["short-breaks", "leisure"], needs=["autism", "learning-disability", "adhd"],
        maybe=["physical-disability", "semh", "slcn"], ages=[(5, 11), (11, 19), (5, 18)], access="self",
        schedule="holiday", delivery=[["in_person"]],
        cost=["£12 a day", "£15 a day; free places for families on low incomes", "£10 a day"], free_share=0.35,
        names=["{org} Holiday Play Scheme", "Summer Holiday Club at {site}", "{place} SEND Holiday Scheme"],
        summaries=[
            "A holiday play scheme for children with SEND in the Easter, summer and October half-term holidays.",
            "Inclusive holiday club with trips, arts, sports and a calm space, plus a free lunch for eligible "
            "children.",
        ],
        descriptions=[
            "The scheme runs 10am to 3pm with a staff ratio of one to two. Activities include sports, arts, "
            "cooking, outings and a daily quiet time. Children on free school meals get a free lunch through "
            "the holiday activities and food programme.",
            "Siblings are welcome at our family days. We ask families to complete a one-page profile so staff "
            "know how best to support each child.",
        ],
        eligibility=["Children and young people with SEND, ages as shown. A diagnosis is not needed."],
        how=["Book online from the start of each half term. Places fill quickly for the summer."],
        easy_read=["A club in the school holidays. You can play, do sports and go on trips. Book a place "
                   "online."],
    ),
    dict(
        key="family_link", cats=["short-breaks", "social-care"], needs=["learning-disability", "autism",
                                                                        "physical-disability"],
        maybe=["multi-sensory-impairment", "slcn"], ages=[(0, 18), (5, 18)], access="both",
        schedule="flexible", delivery=[["in_person"]],
        names=["Family Link: family-based short breaks", "{org} Family-Based Short Breaks"],
        summaries=[
            "A disabled child spends regular time with a trained, approved carer family: for a day, an "
            "evening or overnight.",
            "Family-based short breaks, matched carefully so children build a long-term relationship.",
        ],
        descriptions=[
            "Family Link carers are assessed and approved like foster carers. Children usually visit once or "
            "twice a month, and many links last for years.",
            "We are always looking for new carers, especially those who speak Turkish, Yiddish or Bengali.",
        ],
        eligibility=["Disabled children living in Riverside, after a short breaks assessment."],
        how=["Ask your social worker, or contact us for a short breaks assessment."],
    ),
    dict(
        key="teen_club", cats=["short-breaks", "leisure"], needs=["autism", "learning-disability"],
        maybe=["adhd", "semh", "physical-disability"], ages=[(11, 19), (13, 25)], access="self",
        schedule="evening", delivery=[["in_person"]],
        cost=["£3 a night", "£5 a session"], free_share=0.5,
        names=["Friday Night Social Club", "{org} Teen Club", "{place} Evening Club for Young People with SEND"],
        summaries=[
            "An evening club for teenagers and young adults with learning disabilities and autism: music, "
            "games, cooking and friends.",
            "A youth club run with young people, with trips and a say in what happens.",
        ],
        descriptions=[
            "Young people plan the programme together: karaoke, pool, film nights, cooking and trips to "
            "bowling. Staff support independence, like buying snacks and travelling to the club.",
            "We have a quiet room and staff trained in autism and positive behaviour support.",
        ],
        eligibility=["Young people with SEND, ages as shown."],
        how=["Contact the youth worker to arrange a first visit with a parent or carer."],
        easy_read=["A club for young people in the evening. You can play games, listen to music and make "
                   "friends."],
    ),
    dict(
        key="sibling_group", cats=["short-breaks", "advice"], needs=["autism", "learning-disability"],
        maybe=["physical-disability", "adhd", "semh"], ages=[(7, 16)], access="self", schedule="monthly",
        delivery=[["in_person"]],
        names=["Sibs Together Group", "{org} Siblings Club"],
        summaries=[
            "A monthly group for brothers and sisters of disabled children, to have fun and talk to others "
            "who understand.",
            "Time out and support for siblings of children with SEND.",
        ],
        descriptions=[
            "Siblings do activities, go on trips and share their feelings in a safe space. Sessions are led by "
            "youth workers and a family therapist.",
            "We also run a workshop for parents on supporting siblings.",
        ],
        eligibility=["Siblings aged 7 to 16 of a child with SEND in Riverside."],
        how=["Parents or siblings can sign up online."],
    ),
    dict(
        key="adventure_playground", cats=["short-breaks", "leisure"], needs=["autism", "physical-disability",
                                                                             "learning-disability"],
        maybe=["adhd", "multi-sensory-impairment", "visual-impairment"], ages=[(5, 16), (5, 18)], access="self",
        schedule="after_school", delivery=[["in_person"]],
        names=["{site}", "{site}: inclusive play sessions"],
        summaries=[
            "An inclusive adventure playground with wheelchair-accessible play structures, a sensory garden "
            "and skilled playworkers.",
            "Free open-access play for disabled and non-disabled children together.",
        ],
        descriptions=[
            "The playground has a wheelchair roundabout, a basket swing, a trampoline set into the ground, "
            "water play and a sensory room. Playworkers are trained to support children with SEND.",
            "Sessions just for disabled children and their siblings run every Sunday morning.",
        ],
        eligibility=["Children aged 5 and over. Children with SEND can come with a parent or carer until staff "
                     "know them."],
        how=["Drop in during opening hours. Register your child on the first visit."],
    ),
    dict(
        key="young_adult_days", cats=["short-breaks", "post-16"], needs=["learning-disability", "autism"],
        maybe=["physical-disability", "multi-sensory-impairment"], ages=[(18, 25)], access="prof",
        schedule="office", delivery=[["in_person"]],
        names=["{org} Day Opportunities for Young Adults", "Young Adults Day Service"],
        summaries=[
            "Day opportunities for young adults with learning disabilities after school or college: skills, "
            "leisure, volunteering and friends.",
            "Weekday activities for 18 to 25-year-olds, building independence and community links.",
        ],
        descriptions=[
            "Young adults choose from cooking, drama, gardening, gym, travel and money skills, and "
            "volunteering at the community cafe. Staff support personal care where needed.",
            "Each person has a plan linked to their Care Act assessment and preparing for adulthood goals.",
        ],
        eligibility=["Young adults aged 18 to 25 with an assessed social care need."],
        how=["Referral by the transitions or adult social care team."],
    ),
    # ---------------------------------------------------------------- post-16
    dict(
        key="fe_foundation", cats=["post-16", "education"], needs=["learning-disability", "autism", "slcn"],
        maybe=["physical-disability", "hearing-impairment", "visual-impairment", "semh"],
        ages=[(16, 25), (16, 24)], access="self", schedule="college", delivery=[["in_person"]],
        names=["{org} Foundation Learning", "Supported Learning Courses at {site}", "{org} Pathways Programme"],
        summaries=[
            "College courses for students with learning difficulties and disabilities, from pre-entry to "
            "level 1, focused on independence and work.",
            "Foundation learning: English, maths, life skills and work experience for students with SEND.",
        ],
        descriptions=[
            "Students build skills for adult life: travel, cooking, money, communication and work. Classes are "
            "small with learning support assistants. Many students move on to supported internships or "
            "vocational courses.",
            "Our additional learning support team supports students with an EHCP across all college courses, "
            "with a quiet study room, assistive technology and a named key worker.",
        ],
        eligibility=["Young people aged 16 to 25 with SEND; students with an EHCP up to 25."],
        how=["Apply online and tick the box to tell us about your support needs. We will invite you to an "
             "interview and taster day."],
    ),
    dict(
        key="supported_internship", cats=["post-16"], needs=["learning-disability", "autism"],
        maybe=["slcn", "physical-disability", "hearing-impairment"], ages=[(16, 24), (17, 24)], access="ehcp",
        schedule="college", delivery=[["in_person"]],
        names=["{org} Supported Internships", "Supported Internship Programme at {site}"],
        summaries=[
            "A one-year study programme based at an employer, for young people with an EHCP who want to get "
            "a paid job.",
            "Learn on the job with a job coach, and leave with real work experience and references.",
        ],
        descriptions=[
            "Interns spend most of the week at work placements such as the hospital, hotels and the council, "
            "supported by a job coach. They study English, maths and work skills for the rest of the week.",
            "Most interns do three placements. Our job coaches help with applications, interviews and Access "
            "to Work at the end of the year.",
        ],
        eligibility=["Young people aged 16 to 24 with an EHCP who want to work."],
        how=["Ask about a supported internship at your EHCP annual review from Year 11. Apply through the "
             "college by March."],
        easy_read=["A supported internship helps you learn how to work. You go to a real job for most of the "
                   "week. A job coach helps you."],
    ),
    dict(
        key="sixth_form", cats=["post-16", "education"], needs=["specific-learning-difficulty", "autism",
                                                                "semh"],
        maybe=["hearing-impairment", "visual-impairment", "physical-disability"], ages=[(16, 19)], access="self",
        schedule="college", delivery=[["in_person"]],
        names=["{site} Sixth Form", "{site}: sixth form learning support"],
        summaries=[
            "A sixth form offering A levels and BTECs with a learning support team and exam access arrangements.",
            "Sixth form with a SENCO, mentors and support for students with dyslexia and autism.",
        ],
        descriptions=[
            "Students with SEND have a support plan, a mentor, and access to a quiet study area. We help "
            "students apply for the Disabled Students' Allowance for university.",
            "Our careers adviser specialises in supporting students with SEND towards university, "
            "apprenticeships and work.",
        ],
        eligibility=["Young people aged 16 to 19 meeting the course entry requirements."],
        how=["Apply in Year 11. Contact the sixth form SENCO to talk about support."],
    ),
    dict(
        key="specialist_college", cats=["post-16", "education"], needs=["learning-disability", "autism",
                                                                        "multi-sensory-impairment"],
        maybe=["physical-disability", "visual-impairment", "hearing-impairment"], ages=[(16, 25), (19, 25)],
        access="ehcp", schedule="college", delivery=[["in_person"]],
        names=["{site}", "{site}: day and residential placements"],
        summaries=[
            "An independent specialist college for young people with complex learning disabilities, autism and "
            "sensory impairments, with day and residential places.",
            "Specialist further education with on-site therapies and a focus on independence.",
        ],
        descriptions=[
            "Students follow personalised programmes in communication, independence, work skills and "
            "wellbeing. Speech and language therapists, occupational therapists and physiotherapists work "
            "in the classrooms.",
            "Residential students live in supported houses with shared kitchens and learn skills for adult "
            "life. Placements are funded through the EHCP.",
        ],
        eligibility=["Young people aged 16 to 25 with an EHCP whose needs cannot be met at a local college."],
        how=["Your EHCP coordinator consults the college. Families can visit first by appointment."],
    ),
    dict(
        key="job_coaching", cats=["post-16"], needs=["learning-disability", "autism"],
        maybe=["semh", "adhd", "physical-disability", "hearing-impairment"], ages=[(16, 25), (18, 25)],
        access="both", schedule="office", delivery=[["in_person", "online"]],
        names=["{org} Supported Employment", "Job Coaching for Young Disabled People"],
        summaries=[
            "Job coaches who help young disabled people find paid work and keep it.",
            "Supported employment: CVs, job searching, work trials and support in your first months at work.",
        ],
        descriptions=[
            "We get to know what you are good at and what you enjoy, then find employers who fit. A job coach "
            "can come to work with you to learn the job, and helps you apply for Access to Work.",
            "We also help employers make reasonable adjustments and understand autism and learning disabilities.",
        ],
        eligibility=["Young people aged 16 to 25 with a learning disability or autism, living in Riverside."],
        how=["Refer yourself by phone or email, or ask your college or social worker."],
    ),
    dict(
        key="travel_training", cats=["post-16", "education"], needs=["learning-disability", "autism"],
        maybe=["visual-impairment", "physical-disability", "semh"], ages=[(11, 25), (14, 25)], access="prof",
        schedule="office", delivery=[["in_person"]],
        names=["Independent Travel Training", "{org} Travel Buddies"],
        summaries=[
            "One-to-one training for young people with SEND to travel safely on their own by bus, train or on "
            "foot.",
            "Learn a journey step by step with a travel trainer, until you can do it alone.",
        ],
        descriptions=[
            "A travel trainer starts by doing the journey with you, then gradually steps back. You learn to "
            "plan routes, use an Oyster card, stay safe, and what to do if something goes wrong.",
            "Training usually takes 6 to 12 weeks. Many young people then stop needing school or college "
            "transport.",
        ],
        eligibility=["Young people aged 11 to 25 with SEND in Riverside schools or colleges."],
        how=["Ask your school, college or the SEND travel assistance team to refer."],
    ),
    dict(
        key="living_skills", cats=["post-16", "social-care"], needs=["learning-disability", "autism"],
        maybe=["physical-disability", "semh", "visual-impairment"], ages=[(16, 25)], access="both",
        schedule="weekly_group", delivery=[["in_person"]],
        cost=["£5 a session", "Free; some trips cost extra"], free_share=0.5,
        names=["Independent Living Skills Course", "{org} Ready for Life Programme"],
        summaries=[
            "Practical courses in cooking, budgeting, staying safe and running a home, for young people with "
            "SEND.",
            "Learn to live more independently: shopping, cooking, money and using local services.",
        ],
        descriptions=[
            "Sessions are in a training flat with a real kitchen. Young people plan meals, shop on a budget, "
            "and practise cleaning and laundry. We also cover online safety and healthy relationships.",
            "The course links to your preparing for adulthood (PfA) outcomes in your EHCP.",
        ],
        eligibility=["Young people aged 16 to 25 with SEND."],
        how=["Contact us or ask your school, college or social worker to refer."],
    ),
    dict(
        key="supported_housing", cats=["post-16", "social-care"], needs=["learning-disability", "autism",
                                                                         "physical-disability"],
        maybe=["semh", "multi-sensory-impairment"], ages=[(18, 25)], access="prof", schedule="always",
        delivery=[["in_person"]],
        names=["{site}: supported living", "{org} Supported Housing for Young Adults"],
        summaries=[
            "Self-contained flats with support on site for young adults with learning disabilities and autism.",
            "Supported living with your own tenancy and staff available day and night.",
        ],
        descriptions=[
            "Each tenant has their own flat and tenancy, with shared lounge and garden. Support staff help "
            "with cooking, money, health appointments and getting out and about, and there is a sleep-in "
            "member of staff every night.",
            "Two flats are fully wheelchair accessible with ceiling hoists and wet rooms.",
        ],
        eligibility=["Adults aged 18 and over with an assessed social care need for supported living."],
        how=["Referral through adult social care or the Preparing for Adulthood team."],
    ),
    dict(
        key="pfa_events", cats=["post-16", "advice"], needs=["learning-disability", "autism",
                                                              "physical-disability"],
        maybe=["hearing-impairment", "visual-impairment", "semh", "specific-learning-difficulty"],
        ages=[(14, 25)], access="self", schedule="monthly", delivery=[["in_person", "online"]],
        names=["Preparing for Adulthood Information Events", "{org} Moving On Fair"],
        summaries=[
            "Information events for young people with SEND and their families about life after school: "
            "college, work, housing, money and health.",
            "Meet colleges, employers and services in one place and plan your next steps.",
        ],
        descriptions=[
            "Each event has stalls from colleges, supported internship providers, housing and benefits "
            "advisers, and talks on topics like mental capacity and turning 18.",
            "Events are relaxed, with a quiet room and easy-read information.",
        ],
        eligibility=["Young people aged 14 to 25 with SEND, and their families."],
        how=["Just come along, or book online for the talks."],
    ),
    dict(
        key="volunteering", cats=["post-16", "leisure"], needs=["learning-disability", "autism"],
        maybe=["semh", "physical-disability"], ages=[(14, 25), (16, 25)], access="self",
        schedule="weekly_group", delivery=[["in_person"]],
        names=["{org} Volunteering and Work Experience", "Supported Volunteering for Young People"],
        summaries=[
            "Supported volunteering placements for young people with SEND to gain skills and confidence.",
            "Try out work through volunteering in cafes, shops, parks and charities, with support.",
        ],
        descriptions=[
            "A volunteer coordinator finds a placement you will enjoy and supports you to start. You get a "
            "reference and a certificate after 30 hours.",
            "Volunteering counts towards the Duke of Edinburgh's Award and can lead to paid work.",
        ],
        eligibility=["Young people aged 14 to 25 with SEND."],
        how=["Email or call to arrange a chat."],
    ),
    dict(
        key="adult_learning", cats=["post-16", "education"], needs=["learning-disability",
                                                                    "specific-learning-difficulty"],
        maybe=["autism", "semh", "hearing-impairment"], ages=[(19, 25)], access="self",
        schedule="weekly_group", delivery=[["in_person"], ["in_person", "online"]],
        cost=["Free for adults with learning disabilities", "£2 a class"], free_share=0.7,
        names=["Supported Adult Learning Courses", "{org} Community Learning for Adults with Learning Disabilities"],
        summaries=[
            "Part-time courses for adults with learning disabilities: cooking, computers, art, English and "
            "money skills.",
            "Friendly community classes for adults aged 19 and over with SEND.",
        ],
        descriptions=[
            "Classes run in community centres and libraries, with small groups and a tutor and assistant. "
            "Courses last 10 weeks and you can keep learning at the next level.",
            "We also run English and maths courses for adults with dyslexia.",
        ],
        eligibility=["Adults aged 19 and over living in Riverside."],
        how=["Enrol online or by phone. You can bring a supporter to your first class."],
    ),
    dict(
        key="apprenticeships", cats=["post-16"], needs=["specific-learning-difficulty", "autism", "adhd"],
        maybe=["hearing-impairment", "physical-disability", "semh"], ages=[(16, 24)], access="self",
        schedule="office", delivery=[["in_person", "online"]],
        names=["Inclusive Apprenticeships Programme", "{org} Apprenticeship Support for Young People with SEND"],
        summaries=[
            "Help for young people with SEND to find and succeed in an apprenticeship, including adjusted "
            "English and maths requirements.",
            "Apprenticeship advice, applications and in-work support for young disabled people.",
        ],
        descriptions=[
            "Young people with an EHCP can do an apprenticeship with adjusted English and maths requirements. "
            "We help with applications and interviews, and support apprentices and employers in the first year.",
            "We work with local employers in construction, health, hospitality and the council.",
        ],
        eligibility=["Young people aged 16 to 24 with SEND."],
        how=["Book an appointment online."],
    ),
    # ---------------------------------------------------------------- advice
    dict(
        key="sendiass", cats=["advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="self",
        schedule="helpline", delivery=[["in_person", "online", "home_visits"]],
        names=["Riverside SENDIASS (SEND Information, Advice and Support Service)",
               "SEND Information, Advice and Support"],
        summaries=[
            "Free, impartial and confidential advice for parents, children and young people about SEND, "
            "EHCPs, exclusions and appeals.",
            "Independent help with SEN support, EHC needs assessments, annual reviews and tribunals.",
        ],
        descriptions=[
            "We explain the law and your rights, help you read and respond to draft EHCPs, come with you to "
            "meetings, and support you through mediation and SEND tribunal appeals. We are independent of the "
            "council.",
            "Young people over 16 can get advice in their own right. Our young people's adviser can meet you "
            "at college or online.",
        ],
        eligibility=["Parents and carers of children with SEND, and young people with SEND aged up to 25."],
        how=["Call the helpline, email, or use the online enquiry form. We reply within 3 working days."],
        easy_read=["We give free help about SEND and EHC plans. We do not work for the council. You can call "
                   "or email us."],
    ),
    dict(
        key="parent_forum", cats=["advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="self",
        schedule="monthly", delivery=[["in_person", "online"]],
        names=["Riverside Parent Carer Forum", "{org}: parent carer forum"],
        summaries=[
            "A group of parents and carers of disabled children who work with the council and NHS to improve "
            "services.",
            "Join other parent carers, share your views and get peer support.",
        ],
        descriptions=[
            "We take part in co-production of the Local Offer, the SEND strategy and health services. Members "
            "get a monthly newsletter, coffee mornings and invitations to workshops.",
            "Membership is free. Our coffee mornings are held in different neighbourhoods and online, with "
            "speakers from services.",
        ],
        eligibility=["Parents and carers of children and young people aged 0 to 25 with SEND who live in "
                     "Riverside."],
        how=["Join online or come to a coffee morning."],
    ),
    dict(
        key="benefits_advice", cats=["advice"], needs=["learning-disability", "physical-disability", "autism"],
        maybe=["adhd", "semh", "hearing-impairment", "visual-impairment", "multi-sensory-impairment"],
        ages=[(0, 25)], access="self", schedule="office_short", delivery=[["in_person", "online"]],
        names=["Disability Benefits Advice", "{org} Welfare Rights for Families"],
        summaries=[
            "Help claiming Disability Living Allowance (DLA), Personal Independence Payment (PIP), Carer's "
            "Allowance and Universal Credit.",
            "Free welfare benefits advice, form-filling and appeals for families of disabled children.",
        ],
        descriptions=[
            "Our advisers help fill in DLA and PIP forms, check you are getting everything you are entitled "
            "to, and represent you at tribunal if a claim is refused.",
            "We also help with Blue Badge applications, grants from charities, and money worries.",
        ],
        eligibility=["Families of disabled children and disabled young people."],
        how=["Book an appointment by phone or online. Appointments in Turkish and Bengali are available."],
    ),
    dict(
        key="carers_centre", cats=["advice", "social-care"], needs=["learning-disability", "autism",
                                                                    "physical-disability"],
        maybe=["semh", "multi-sensory-impairment", "adhd"], ages=[(0, 25)], access="self",
        schedule="office", delivery=[["in_person", "online"]],
        names=["Riverside Carers Centre", "{org} Parent Carer Support"],
        summaries=[
            "Support for parent carers: carer's assessments, counselling, breaks and pamper days.",
            "Information, emotional support and a break for people caring for a disabled child.",
        ],
        descriptions=[
            "We offer carer's assessments on behalf of the council, short-term counselling, relaxation "
            "sessions and grants for a break.",
            "Our parent carer peer support group meets twice a month, with a creche for younger children.",
        ],
        eligibility=["Parents and carers of disabled children and young people living in Riverside."],
        how=["Register with us by phone or online."],
    ),
    dict(
        key="autism_parent_group", cats=["advice"], needs=["autism"], maybe=["adhd", "semh"], ages=[(0, 25)],
        access="self", schedule="weekly_group", delivery=[["in_person"], ["online"], ["in_person", "online"]],
        names=["Autism Parent Support Group", "{place} ASD Parents' Coffee Morning", "{org} Autism Family Group"],
        summaries=[
            "A friendly group for parents and carers of autistic children, with or without a diagnosis.",
            "Peer support, speakers and a chance to share what works.",
        ],
        descriptions=[
            "Meet other parents over a coffee. Guest speakers have included the autism outreach team, SENDIASS "
            "and a sleep practitioner.",
            "We run sessions for parents waiting for an ASD assessment, and an evening group for working "
            "parents.",
        ],
        eligibility=["Parents and carers of autistic children and young people."],
        how=["Just come along. Message us first if you would like someone to meet you at the door."],
    ),
    dict(
        key="adhd_parent_group", cats=["advice"], needs=["adhd"], maybe=["autism", "semh"], ages=[(4, 18)],
        access="self", schedule="evening", delivery=[["in_person"], ["online"]],
        names=["ADHD Parent Support Group", "{org} ADHD Family Network"],
        summaries=[
            "Support and information for parents of children with ADHD, including those waiting for assessment.",
            "Monthly meetings, talks and a private online chat group for ADHD families.",
        ],
        descriptions=[
            "Sessions cover school, medication questions, routines and managing big feelings. Parents share "
            "tips in a non-judgemental space.",
            "We also have a group for parents who have ADHD themselves.",
        ],
        eligibility=["Parents and carers of children with ADHD or suspected ADHD."],
        how=["Email to join the mailing list and chat group."],
    ),
    dict(
        key="parenting_course", cats=["advice"], needs=["autism", "adhd"], maybe=["slcn", "learning-disability",
                                                                                  "semh"],
        ages=[(2, 18), (0, 5)], access="both", schedule="weekly_group", delivery=[["in_person"], ["online"]],
        names=["Understanding Autism: a course for parents", "Calm Families: ADHD parenting programme",
               "Early Steps: course for parents of newly diagnosed children"],
        summaries=[
            "A free six-week course for parents and carers to understand their child's diagnosis and try "
            "practical strategies.",
            "Group programme for parents covering communication, behaviour, sensory needs and looking after "
            "yourself.",
        ],
        descriptions=[
            "Run by trained facilitators, the course covers what autism or ADHD means for your child, "
            "communication, sensory needs, anxiety and behaviour. Interpreters can be booked.",
            "Parents say the best part is meeting others. Sessions are in the daytime and evening, in person "
            "or online.",
        ],
        eligibility=["Parents and carers of children with autism or ADHD, with or without a diagnosis."],
        how=["Book online, or ask your health visitor, paediatrician or SENCO to refer you."],
    ),
    dict(
        key="community_send_support", cats=["advice"], needs=["autism", "learning-disability", "slcn"],
        maybe=["adhd", "semh", "physical-disability", "hearing-impairment"], ages=[(0, 25)], access="self",
        schedule="office_short", delivery=[["in_person", "home_visits"]],
        names=["{org} SEND Family Support", "SEND Advocacy in Community Languages"],
        summaries=[
            "Support in community languages for families of children with SEND, including help at meetings "
            "and with forms.",
            "Culturally aware advice and advocacy for families who are new to SEND services.",
        ],
        descriptions=[
            "Our bilingual family workers explain how SEN support, EHCPs and short breaks work, come with you "
            "to school meetings, and help with forms and letters.",
            "We run coffee mornings and workshops in community languages, with speakers from SENDIASS and "
            "health services.",
        ],
        eligibility=["Families in Riverside with a child or young person with SEND."],
        how=["Call or drop in during office hours; home visits can be arranged."],
    ),
    dict(
        key="national_helpline", cats=["advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="self",
        schedule="helpline", delivery=[["online"]],
        names=["{org} Helpline", "Family SEND Helpline (national)"],
        summaries=[
            "A national helpline for families with disabled children: benefits, education, health and "
            "emotional support.",
            "Free advice by phone, email and web chat for parents of disabled children anywhere in the UK.",
        ],
        descriptions=[
            "Advisers answer questions about education, benefits, short breaks, work and relationships. "
            "Interpreters are available in over 150 languages.",
            "We also run online workshops on topics such as EHCPs, sleep and preparing for adulthood.",
        ],
        eligibility=["Parents and carers of disabled children, anywhere in the UK."],
        how=["Call the freephone number, email or use web chat."],
    ),
    dict(
        key="law_advice", cats=["advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="self",
        schedule="helpline", delivery=[["online"]],
        names=["{org} SEND Law Advice Line", "Independent SEND Legal Advice"],
        summaries=[
            "Free legally based advice on special educational needs, EHC plans, exclusions and tribunal "
            "appeals.",
            "Trained volunteers explain what the law says and how to challenge decisions.",
        ],
        descriptions=[
            "Book a call with an adviser about refusals to assess, EHCP content, school placement or "
            "disability discrimination. Our website has model letters.",
            "We also offer tribunal support for families who cannot get help elsewhere.",
        ],
        eligibility=["Parents and young people in England."],
        how=["Book an advice call online."],
    ),
    dict(
        key="bsl_family", cats=["advice", "leisure"], needs=["hearing-impairment"],
        maybe=["multi-sensory-impairment", "slcn"], ages=[(0, 18), (0, 25)], access="self",
        schedule="evening", delivery=[["in_person"], ["online"]],
        cost=["Free for families of deaf children", "£20 for a 10-week course"], free_share=0.6,
        names=["Family Sign Language Classes", "{org} BSL for Families"],
        summaries=[
            "British Sign Language classes for families of deaf children, taught by deaf tutors.",
            "Learn BSL together: fun classes for parents, brothers, sisters and grandparents.",
        ],
        descriptions=[
            "Courses start with everyday signs for home and play, and build towards Level 1. Deaf children "
            "can come to a play session while adults learn.",
            "We also hold deaf family days so children meet deaf role models.",
        ],
        eligibility=["Families with a deaf child."],
        how=["Book online or ask your teacher of the deaf."],
    ),
    dict(
        key="sight_charity", cats=["advice", "leisure"], needs=["visual-impairment"],
        maybe=["multi-sensory-impairment", "learning-disability"], ages=[(0, 25)], access="self",
        schedule="helpline", delivery=[["online", "in_person"], ["online"]],
        names=["{org} Family Support", "Sight Loss Support for Families"],
        summaries=[
            "A national charity supporting blind and partially sighted children and their families.",
            "Advice, events and activities for children with sight loss, and support for parents.",
        ],
        descriptions=[
            "Our family support officers help after diagnosis, with education, equipment and benefits. "
            "We run activity days, sports taster events and tech workshops on screen readers and apps.",
            "Young people can join our online youth forum and mentoring scheme.",
        ],
        eligibility=["Children and young people with a visual impairment, and their families."],
        how=["Call our helpline or register online."],
    ),
    dict(
        key="deafblind_charity", cats=["advice", "social-care"], needs=["multi-sensory-impairment"],
        maybe=["hearing-impairment", "visual-impairment", "learning-disability"], ages=[(0, 25)], access="self",
        schedule="helpline", delivery=[["online", "home_visits"]],
        names=["{org}: deafblind children and families", "Deafblind Family Support Service"],
        summaries=[
            "Specialist support for deafblind children and young people (multi-sensory impairment) and their "
            "families.",
            "Advice, intervenors and family events for children with combined sight and hearing loss.",
        ],
        descriptions=[
            "Our specialist workers visit families at home, advise schools on communication such as tactile "
            "signing and on-body signing, and can provide trained intervenors.",
            "Family weekends bring families together with activities adapted for deafblind children.",
        ],
        eligibility=["Children and young people with both sight and hearing loss, anywhere in England."],
        how=["Call, email, or ask a professional to refer."],
    ),
    dict(
        key="adhd_online", cats=["advice"], needs=["adhd"], maybe=["autism", "specific-learning-difficulty",
                                                               "semh"],
        ages=[(5, 25)], access="self", schedule="helpline_long", delivery=[["online"]],
        names=["{org}: ADHD support online", "ADHD Webinars and Chat for Families"],
        summaries=[
            "Online information, webinars and peer support for families and young people living with ADHD.",
            "Free webinars from clinicians and parents, and a moderated chat community.",
        ],
        descriptions=[
            "Monthly webinars cover school, medication, sleep, and ADHD in girls. Young people aged 16 to 25 "
            "have their own group about college, work and driving.",
            "Our website has guides written with families and a template letter for schools.",
        ],
        eligibility=["Anyone affected by ADHD in England."],
        how=["Sign up online."],
    ),
    dict(
        key="dyslexia_helpline", cats=["advice", "education"], needs=["specific-learning-difficulty"],
        maybe=["adhd"], ages=[(5, 25)], access="self", schedule="helpline", delivery=[["online"]],
        names=["{org} Dyslexia Helpline", "Dyslexia and Dyspraxia Advice Line"],
        summaries=[
            "National advice on dyslexia, dyspraxia and dyscalculia: assessment, school support and "
            "assistive technology.",
            "Free helpline and guides for parents and young people with specific learning difficulties.",
        ],
        descriptions=[
            "Advisers explain how to get an assessment, what support schools should offer, and how to use "
            "reading pens, text-to-speech and speech-to-text.",
            "We also advise students on the Disabled Students' Allowance and reasonable adjustments at work.",
        ],
        eligibility=["Anyone in England."],
        how=["Call the helpline or email."],
    ),
    dict(
        key="mediation", cats=["advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="self",
        schedule="office", delivery=[["online", "in_person"]],
        names=["SEND Mediation and Disagreement Resolution", "{org} SEND Mediation"],
        summaries=[
            "Independent mediation when you disagree with a decision about an EHC needs assessment or EHCP.",
            "Free, independent mediation and disagreement resolution for SEND.",
        ],
        descriptions=[
            "If you want to appeal to the SEND tribunal you must first get a mediation certificate. Mediation "
            "is a meeting, in person or online, with an independent mediator and the council.",
            "Disagreement resolution can also help with disagreements with schools or health services.",
        ],
        eligibility=["Parents and young people in dispute with the council about SEND."],
        how=["Call or email within two months of the council's decision letter."],
    ),
    dict(
        key="family_info", cats=["advice"], needs=list(ALL_NEEDS), ages=[(0, 25)], access="self",
        schedule="office", delivery=[["in_person", "online"]],
        names=["Family Information Service and Local Offer Team", "{org} Family Information Service"],
        summaries=[
            "Information about childcare, activities, short breaks and SEND services in Riverside, and the "
            "team behind this Local Offer.",
            "Ask us about anything for families: childcare, funded places, activities and the Local Offer.",
        ],
        descriptions=[
            "We keep this directory up to date and help families find childcare, holiday clubs and services. "
            "Tell us if something is missing or wrong, or if you could not find what you needed.",
            "We publish the short breaks statement and the annual 'You said, we did' report on the Local Offer.",
        ],
        eligibility=["Anyone."],
        how=["Call, email or visit the Riverside Hub."],
        easy_read=["We help you find services for your family. You can call or email us. Tell us if "
                   "something is wrong on this website."],
    ),
    dict(
        key="parent_wellbeing", cats=["advice", "health"], needs=["autism", "learning-disability", "semh"],
        maybe=["adhd", "physical-disability"], ages=[(0, 25)], access="self", schedule="weekly_group",
        delivery=[["in_person"], ["online"]],
        cost=["Free", "Pay what you can; suggested £3 a session"], free_share=0.8,
        names=["Parent Carer Wellbeing Sessions", "{org} Time for You"],
        summaries=[
            "Counselling, mindfulness and peer support for parent carers who feel stressed or isolated.",
            "Looking after yourself while caring: relaxation, counselling and company.",
        ],
        descriptions=[
            "Sessions include mindfulness, gentle exercise and a chat over lunch. Short-term counselling is "
            "available with a counsellor who understands caring for a disabled child.",
            "We run an evening online group for working parent carers.",
        ],
        eligibility=["Parents and carers of children with SEND."],
        how=["Book a place online or by phone."],
    ),
    # ---------------------------------------------------------------- leisure
    dict(
        key="swimming", cats=["leisure"], needs=["physical-disability", "learning-disability", "autism"],
        maybe=["visual-impairment", "hearing-impairment", "multi-sensory-impairment", "adhd"],
        ages=[(3, 18), (5, 25), (2, 11)], access="self", schedule="saturday", delivery=[["in_person"]],
        cost=["£4 a swim; carers go free", "£6 a lesson", "£3.50 a session"], free_share=0.2,
        names=["{site} SEND Swimming", "Inclusive Swimming Lessons at {site}", "Quiet Swim at {site}"],
        summaries=[
            "Swimming lessons and relaxed swims for disabled children and children with SEND, in a warm, quiet "
            "pool.",
            "Small-group swimming with experienced instructors and a pool hoist.",
        ],
        descriptions=[
            "Sessions have fewer swimmers, no music and lights dimmed. There is a pool hoist, a changing "
            "places toilet and a private changing room. Carers swim free.",
            "Our instructors are trained in teaching disabled swimmers. Lessons are 30 minutes with no more "
            "than four children.",
        ],
        eligibility=["Children and young people with SEND. Under-8s need an adult in the water."],
        how=["Book online or at reception. Tell us about your child's needs when you book."],
    ),
    dict(
        key="football", cats=["leisure"], needs=["learning-disability", "autism", "adhd"],
        maybe=["physical-disability", "hearing-impairment", "semh"], ages=[(6, 18), (8, 25)], access="self",
        schedule="saturday", delivery=[["in_person"]],
        cost=["£3 a session", "£2 a session; first session free"], free_share=0.3,
        names=["{org} Ability Football", "{place} Inclusive Football Club", "Pan-Disability Football Sessions"],
        summaries=[
            "Fun football coaching and matches for children and young people with disabilities.",
            "Inclusive football: training, friendly matches and a team for every ability.",
        ],
        descriptions=[
            "FA-qualified coaches run games and skills in small groups. Players can join our teams in the "
            "London pan-disability league.",
            "Sessions are structured with a visual plan and breaks, and there is a quieter group for players "
            "who find noise hard.",
        ],
        eligibility=["Young people with a disability or SEND, ages as shown."],
        how=["Come along to a free first session. Book by email."],
    ),
    dict(
        key="drama", cats=["leisure"], needs=["learning-disability", "autism", "slcn"],
        maybe=["physical-disability", "semh", "hearing-impairment"], ages=[(8, 25), (11, 25)], access="self",
        schedule="evening", delivery=[["in_person"]],
        cost=["£6 a session", "£50 a term; bursaries available"], free_share=0.3,
        names=["{org} Inclusive Drama", "Drama Group for Young People with SEND at {site}", "Act Up Theatre Club"],
        summaries=[
            "A drama group for young people with learning disabilities and autism, creating and performing "
            "shows.",
            "Inclusive theatre: games, improvisation and a show at the end of each term.",
        ],
        descriptions=[
            "Members devise plays together, work with professional artists and perform at local theatres. "
            "Sessions build confidence, communication and friendships.",
            "We use Makaton and visual scripts, and there is always a calm space.",
        ],
        eligibility=["Young people with SEND, ages as shown."],
        how=["Email to book a taster session."],
    ),
    dict(
        key="scouts", cats=["leisure"], needs=["autism", "adhd", "learning-disability"],
        maybe=["physical-disability", "hearing-impairment", "visual-impairment"], ages=[(6, 18), (6, 14)],
        access="self", schedule="evening", delivery=[["in_person"]],
        cost=["£40 a term", "£35 a term; help with costs available"], free_share=0.1,
        names=["{org} (inclusive Scout group)", "{place} Scouts, Cubs and Beavers"],
        summaries=[
            "A Scout group that welcomes young people with SEND, with adventures, badges and camps.",
            "Beavers, Cubs and Scouts with trained leaders and adjustments for each young person.",
        ],
        descriptions=[
            "Our leaders have autism and ADHD training, and we make reasonable adjustments like visual "
            "programmes, quiet tents at camp, and a parent staying for the first few weeks.",
            "Young people try camping, climbing, cooking and community projects.",
        ],
        eligibility=["Young people aged 6 to 18."],
        how=["Join the waiting list online; tell us about any support needs."],
    ),
    dict(
        key="youth_club", cats=["leisure"], needs=["autism", "adhd", "semh"],
        maybe=["learning-disability", "physical-disability", "specific-learning-difficulty"],
        ages=[(11, 19), (11, 25)], access="self", schedule="evening", delivery=[["in_person"]],
        names=["{site}: open youth club", "{place} Youth Hub: inclusive night", "{org} Youth Club"],
        summaries=[
            "A free youth club with sports, music, gaming and a quiet room, with an inclusive night for young "
            "people with SEND.",
            "Open-access youth club with trained youth workers; young people with SEND can attend up to 25.",
        ],
        descriptions=[
            "The club has a music studio, gaming room, sports hall and kitchen. On inclusive nights there are "
            "extra staff and a calm space.",
            "Youth workers help with anything on your mind, and can connect you with mental health support "
            "or careers advice.",
        ],
        eligibility=["Young people aged 11 to 19, or up to 25 with SEND."],
        how=["Just turn up and register on your first visit."],
    ),
    dict(
        key="sensory_sessions", cats=["leisure"], needs=["multi-sensory-impairment", "learning-disability",
                                                         "autism"],
        maybe=["visual-impairment", "physical-disability", "hearing-impairment"], ages=[(0, 11), (0, 5),
                                                                                        (0, 25)],
        access="self", schedule="weekly_group", delivery=[["in_person"]],
        cost=["£3 a session", "£5 for a family session"], free_share=0.4,
        names=["{site} Sensory Room Sessions", "Sensory Play Sessions in {place}", "Little Senses Baby Group"],
        summaries=[
            "Bookable sessions in a sensory room with lights, sounds, textures and a water bed.",
            "Relaxed sensory play for children with complex needs and their families.",
        ],
        descriptions=[
            "Families book the sensory room for 45 minutes. It has a bubble tube, fibre optics, projector, "
            "sound system and soft play. Staff can show you how to use the equipment.",
            "Our weekly group is led by a play specialist and is suitable for children with profound and "
            "multiple learning disabilities and multi-sensory impairment.",
        ],
        eligibility=["Children with SEND and their families."],
        how=["Book online or by phone."],
    ),
    dict(
        key="relaxed_events", cats=["leisure"], needs=["autism", "learning-disability", "adhd"],
        maybe=["semh", "slcn", "hearing-impairment"], ages=[(0, 25)], access="self", schedule="monthly",
        delivery=[["in_person"]],
        cost=["£4 a ticket; carers free", "Free entry"], free_share=0.4,
        names=["{org} Relaxed Screenings", "Early Opening: relaxed museum mornings", "{org} Quiet Hours"],
        summaries=[
            "Relaxed sessions with lower lights and sound, no queues and freedom to move around.",
            "Autism-friendly openings before the public arrive, with a quiet room.",
        ],
        descriptions=[
            "Films are shown with lights up and sound down, and there are no adverts. You can bring your own "
            "food and move around.",
            "Staff are trained in autism awareness. We send a visual story before your visit so you know what "
            "to expect.",
        ],
        eligibility=["Anyone who would enjoy a quieter visit, and their families."],
        how=["Book tickets online; carers go free with proof of disability."],
    ),
    dict(
        key="cycling", cats=["leisure"], needs=["physical-disability", "learning-disability"],
        maybe=["visual-impairment", "autism"], ages=[(5, 25)], access="self", schedule="sunday",
        delivery=[["in_person"]], cost=["£3 a session", "£5 a session"], free_share=0.3,
        names=["Inclusive Cycling at {site}", "{org} Adapted Cycling"],
        summaries=[
            "Adapted bikes, trikes, handcycles and tandems for disabled children and young people to ride on "
            "a safe, traffic-free track.",
            "Cycling for everyone, with specialist bikes and trained staff.",
        ],
        descriptions=[
            "We have over 40 adapted cycles, including wheelchair platform bikes and side-by-side tandems. "
            "Families can ride together.",
            "Staff help find the right bike, and riders can progress to our learn-to-ride sessions.",
        ],
        eligibility=["Disabled children and young people and their families."],
        how=["Book a session online."],
    ),
    dict(
        key="trampolining", cats=["leisure"], needs=["autism", "adhd", "learning-disability"],
        maybe=["physical-disability", "semh"], ages=[(4, 18)], access="self", schedule="after_school",
        delivery=[["in_person"]], cost=["£6 a session", "£5 a session"], free_share=0.1,
        names=["SEND Trampolining Club at {site}", "{org} Rebound and Trampoline Sessions"],
        summaries=[
            "Trampolining for children with SEND, with qualified rebound therapy coaches.",
            "Small-group trampoline sessions, good for balance, confidence and calm.",
        ],
        descriptions=[
            "Sessions include rebound therapy for children with physical disabilities and sensory needs. "
            "Coaches adapt activities to each child.",
            "Groups have no more than six children, with two coaches.",
        ],
        eligibility=["Children aged 4 to 18 with SEND."],
        how=["Book a block of six sessions online."],
    ),
    dict(
        key="music_group", cats=["leisure"], needs=["learning-disability", "autism"],
        maybe=["multi-sensory-impairment", "visual-impairment", "physical-disability"], ages=[(8, 25)],
        access="self", schedule="saturday", delivery=[["in_person"]],
        cost=["£5 a session", "£40 a term"], free_share=0.4,
        names=["{org} Inclusive Music", "Band Project for Young Disabled Musicians at {site}"],
        summaries=[
            "Make music together: drums, keyboards, singing and accessible music technology.",
            "A band and music workshops for young people with SEND, with performances in the community.",
        ],
        descriptions=[
            "We use adapted instruments and switch-accessible music technology so everyone can play. The band "
            "performs at local festivals.",
            "Young people can take graded music awards designed for disabled musicians.",
        ],
        eligibility=["Young people aged 8 to 25 with SEND."],
        how=["Email to book a free taster."],
    ),
    dict(
        key="art_club", cats=["leisure"], needs=["autism", "learning-disability", "semh"],
        maybe=["adhd", "hearing-impairment", "physical-disability"], ages=[(6, 16), (14, 25)], access="self",
        schedule="saturday", delivery=[["in_person"], ["in_person", "online"]],
        cost=["£4 a session", "£30 a term"], free_share=0.4,
        names=["{org} Art Club", "Creative Space: art for young people with SEND"],
        summaries=[
            "A calm art club with painting, clay, printmaking and digital art.",
            "Creative sessions with artists, in a small group with support.",
        ],
        descriptions=[
            "Young people explore different materials, at their own pace. Work is shown in an exhibition at "
            "the library each summer.",
            "Online sessions are available for young people who prefer to take part from home.",
        ],
        eligibility=["Children and young people with SEND."],
        how=["Book online."],
    ),
    dict(
        key="wheelchair_sports", cats=["leisure"], needs=["physical-disability"], maybe=["visual-impairment",
                                                                                        "learning-disability"],
        ages=[(6, 25)], access="self", schedule="evening", delivery=[["in_person"]],
        cost=["£3 a session", "£2 a session"], free_share=0.3,
        names=["Wheelchair Basketball and Boccia at {site}", "{org} Disability Sports Club"],
        summaries=[
            "Wheelchair basketball, boccia and table tennis for young people with physical disabilities.",
            "Sports sessions for young disabled people, with sports wheelchairs to borrow.",
        ],
        descriptions=[
            "Sports chairs are provided. Players can compete in regional competitions and the London Youth "
            "Games.",
            "Coaches are qualified in disability sport, and sessions welcome all abilities.",
        ],
        eligibility=["Young people with a physical disability; siblings and friends welcome."],
        how=["Come to a free taster session."],
    ),
    dict(
        key="deaf_youth", cats=["leisure"], needs=["hearing-impairment"], maybe=["multi-sensory-impairment"],
        ages=[(8, 18), (11, 25)], access="self", schedule="monthly", delivery=[["in_person"]],
        names=["Deaf Youth Club", "{org} Deaf Children's Activity Days"],
        summaries=[
            "A monthly club for deaf children and young people, led by deaf youth workers using BSL.",
            "Activities and trips for deaf young people to meet friends and deaf role models.",
        ],
        descriptions=[
            "Young people sign, play, go on trips and take part in projects like film-making. Hearing "
            "siblings are welcome.",
            "All sessions are fully accessible in BSL and spoken English.",
        ],
        eligibility=["Deaf children and young people, whatever their communication method."],
        how=["Register online or email."],
    ),
    dict(
        key="vi_sport", cats=["leisure"], needs=["visual-impairment"], maybe=["multi-sensory-impairment"],
        ages=[(8, 25)], access="self", schedule="sunday", delivery=[["in_person"]],
        cost=["£2 a session"], free_share=0.5,
        names=["Goalball and VI Sports Club", "{org} Sports for Blind and Partially Sighted Young People"],
        summaries=[
            "Goalball, VI football and running for blind and partially sighted young people.",
            "Sport sessions designed for young people with sight loss, with guides available.",
        ],
        descriptions=[
            "Sessions are led by coaches experienced in VI sport. Guide runners are available.",
            "Players can go on to compete in national junior competitions.",
        ],
        eligibility=["Young people with a visual impairment."],
        how=["Email to book."],
    ),
    dict(
        key="city_farm", cats=["leisure", "post-16"], needs=["learning-disability", "autism"],
        maybe=["semh", "physical-disability"], ages=[(14, 25), (8, 25)], access="self",
        schedule="weekly_group", delivery=[["in_person"]],
        names=["{site}: farm skills for young people with SEND", "{site} Growing Group"],
        summaries=[
            "Animal care, gardening and cafe work at the community farm, for young people with SEND.",
            "A hands-on outdoor programme with accredited farm and horticulture skills.",
        ],
        descriptions=[
            "Young people feed and care for the animals, grow food and help in the farm cafe. Many gain an "
            "entry-level qualification in animal care or horticulture.",
            "It is a calm, outdoor setting that suits young people who find classrooms hard.",
        ],
        eligibility=["Young people with SEND, ages as shown."],
        how=["Contact the farm's learning coordinator."],
    ),
    dict(
        key="dance", cats=["leisure"], needs=["learning-disability", "physical-disability", "autism"],
        maybe=["hearing-impairment", "multi-sensory-impairment"], ages=[(5, 18), (14, 25)], access="self",
        schedule="saturday", delivery=[["in_person"]], cost=["£5 a class", "£45 a term"], free_share=0.2,
        names=["{org} Inclusive Dance", "Inclusive Dance Group at {site}"],
        summaries=[
            "An inclusive dance company for disabled and non-disabled young people, including wheelchair users.",
            "Dance classes where everyone moves their own way.",
        ],
        descriptions=[
            "Choreographers create work with the group for performances at local festivals and theatres.",
            "Classes include seated dance and use live music.",
        ],
        eligibility=["Young people of all abilities."],
        how=["Book a free taster class."],
    ),
    dict(
        key="library_sessions", cats=["leisure", "education"], needs=["autism", "slcn", "visual-impairment"],
        maybe=["hearing-impairment", "learning-disability", "specific-learning-difficulty"], ages=[(0, 11)],
        access="self", schedule="weekly_group", delivery=[["in_person"]],
        names=["Relaxed Rhyme Time at {site}", "Sensory Story Time at {site}"],
        summaries=[
            "Relaxed rhymes and stories for young children with SEND, with Makaton signing and sensory props.",
            "Library story sessions at a gentler pace, plus large print, braille and audio books to borrow.",
        ],
        descriptions=[
            "Sessions are small and relaxed. Children can move around, and we use Makaton, puppets and "
            "sensory props. The library has large print, braille, dyslexia-friendly and audio books.",
            "Our reading club for children with dyslexia meets on the same afternoon.",
        ],
        eligibility=["Young children with SEND and their families."],
        how=["Just come along; no need to book."],
    ),
    dict(
        key="climbing", cats=["leisure"], needs=["autism", "adhd", "physical-disability"],
        maybe=["visual-impairment", "learning-disability", "semh"], ages=[(7, 18), (7, 25)], access="self",
        schedule="after_school", delivery=[["in_person"]], cost=["£8 a session", "£10 a session"],
        free_share=0.1,
        names=["Adaptive Climbing at {site}", "{org} SEND Climbing Club"],
        summaries=[
            "Climbing sessions for young people with SEND and physical disabilities, with adaptive harnesses.",
            "Build strength and confidence on the climbing wall with qualified instructors.",
        ],
        descriptions=[
            "We use adaptive equipment and pulley systems so wheelchair users can climb. Sessions are quiet "
            "and before public opening.",
            "Climbers move at their own pace, from bouldering to top-rope climbing.",
        ],
        eligibility=["Young people with SEND, ages as shown."],
        how=["Book online."],
    ),
]

KINDS_BY_KEY = {kind["key"]: kind for kind in KINDS}

# Organisations of the demo area. Sites are (name, postcode district, kind of site[, neighbourhood]); services
# take the sites in turn. area: None means "decide from where the site is".
ORGANISATIONS: list[dict] = [
    # ---------------------------------------------------------------- the council
    dict(name="Riverside Borough Council: SEND Service", short="Riverside SEND Service", domain="riverside-send",
         about="The council's special educational needs and disabilities service: assessments, EHCPs, specialist "
               "teaching teams and travel assistance.",
         sites=[("Riverside Hub", "E8", "office"), ("Millfields Family Hub", "E5", "centre")],
         kinds=["ehc_team", "ed_psych", "sensory_team", "autism_outreach", "ey_inclusion", "school_transport",
                "portage", "family_info", "travel_training", "pfa_events", "sensory_team", "autism_outreach",
                "ed_psych"]),
    dict(name="Riverside Borough Council: Children and Families", short="Riverside Children and Families",
         domain="riverside-families",
         about="Children's social care and early help for families living in Riverside.",
         sites=[("Riverside Hub", "E8", "office"), ("Marsh Lane Family Centre", "E5", "centre", "Clapton Park")],
         kinds=["cwd_team", "transition_team", "care_ot", "direct_payments", "early_help", "family_link",
                "young_carers", "shared_lives", "direct_payments", "early_help"]),
    dict(name="Riverside Family Hubs", short="Riverside Family Hubs", domain="riverside-familyhubs",
         about="Family hubs (children's centres) in every neighbourhood, for families with children from "
               "pregnancy to 19, or 25 with SEND.",
         sites=[("Millfields Family Hub", "E5", "centre"), ("Kingsland Family Hub", "E8", "centre", "Kingsland"),
                ("Wick Green Family Hub", "E9", "centre", "Wick Green"), ("Stoke Park Family Hub", "N16", "centre")],
         kinds=["salt_dropin", "sensory_sessions", "parenting_course", "early_help", "salt_dropin",
                "sensory_sessions", "autism_parent_group", "parenting_course", "salt_dropin", "portage",
                "salt_early", "sleep_clinic", "parent_wellbeing", "autism_parent_group", "portage"],
         langs=["tr", "bn", "so", "pl"]),
    dict(name="Riverside Youth Service", short="Riverside Youth Service", domain="riverside-youth",
         about="Youth clubs and youth work across Riverside, including inclusive sessions for young people "
               "with SEND.",
         sites=[("Kingsland Youth Hub", "E8", "centre", "Kingsland"), ("Homefield Youth Centre", "E9", "centre"),
                ("Abney Youth Club", "N16", "centre", "Abney")],
         kinds=["youth_club", "youth_club", "youth_club", "teen_club", "volunteering", "pfa_events", "drama",
                "art_club", "young_carers", "youth_club", "football"]),
    dict(name="Riverside Adult and Community Learning", short="Riverside Community Learning",
         domain="riverside-learning",
         about="Part-time courses for adults in community venues, including supported learning.",
         sites=[("Northwold Learning Centre", "N16", "college", "Northwold")],
         kinds=["adult_learning", "living_skills", "adult_learning", "volunteering"]),
    dict(name="Riverside Libraries", short="Riverside Libraries", domain="riverside-libraries",
         about="Five public libraries with study space, events for families and accessible collections.",
         sites=[("Riverside Central Library", "E8", "centre"), ("Clapton Park Library", "E5", "centre",
                                                                "Clapton Park"),
                ("Stoke Park Library", "N16", "centre")],
         kinds=["library_sessions", "homework_club", "library_sessions", "homework_club", "library_sessions",
                "relaxed_events", "relaxed_events", "library_sessions", "homework_club"]),
    dict(name="Riverside Leisure Trust", short="Riverside Leisure", domain="riverside-leisure",
         about="A charitable trust running Riverside's leisure centres and pools.",
         sites=[("Riverside Aquatics Centre", "E8", "leisure", "London Fields"),
                ("Wick Green Leisure Centre", "E9", "leisure", "Wick Green"),
                ("Clapton Park Sports Centre", "E5", "leisure", "Clapton Park")],
         kinds=["swimming", "swimming", "swimming", "trampolining", "wheelchair_sports", "climbing", "swimming",
                "trampolining", "football", "dance", "wheelchair_sports", "climbing"]),
    # ---------------------------------------------------------------- health
    dict(name="Riverside and Lea Valley NHS Foundation Trust: Children's Community Health",
         short="Riverside Children's Health", domain="rlv-nhs",
         about="NHS community health services for children and young people: therapies, paediatrics, "
               "nursing and specialist clinics.",
         sites=[("Lea Bridge Health Centre", "E5", "clinic", "Lea Bridge"),
                ("Kingsland Child Development Centre", "E8", "clinic", "Kingsland"),
                ("Homefield Health Centre", "E9", "clinic"), ("Stoke Park Clinic", "N16", "clinic")],
         kinds=["salt_early", "salt_school", "ot", "physio", "paediatrics", "nd_assessment", "continence",
                "audiology", "eye_clinic", "feeding_clinic", "school_nursing_special", "continuing_care",
                "sleep_clinic", "salt_school", "ot", "physio", "salt_early", "paediatrics", "nd_assessment",
                "eye_clinic", "continence", "salt_school", "physio"],
         langs=["tr", "pl", "bn", "yi"]),
    dict(name="East Riverside Mental Health NHS Trust", short="East Riverside NHS", domain="erm-nhs",
         about="NHS mental health and learning disability services for children, young people and adults.",
         sites=[("CAMHS at Homefield House", "E9", "clinic"), ("Stoke Park CAMHS Clinic", "N16", "clinic")],
         kinds=["camhs", "camhs_ld", "mhst", "crisis_line", "keyworking", "ld_health_adult", "mhst", "camhs",
                "online_counselling", "camhs_ld", "mhst"],
         langs=["tr", "so", "ar"]),
    dict(name="Whitechapel Children's Hospital", short="Whitechapel Children's Hospital",
         domain="whitechapel-childrens",
         about="Specialist children's hospital serving north east London.",
         sites=[("Whitechapel Children's Hospital", "E1", "clinic", "Whitechapel")],
         kinds=["wheelchair", "feeding_clinic", "audiology", "medical_tuition", "paediatrics", "eye_clinic"]),
    # ---------------------------------------------------------------- schools and nurseries
    dict(name="Millfields Primary School", domain="millfields-primary", ages=(3, 11),
         about="A community primary school with an autism resource base.",
         sites=[("Millfields Primary School", "E5", "school")],
         kinds=["primary_school", "arp_autism", "after_school_breaks"]),
    dict(name="Kingsland Primary School", domain="kingsland-primary", ages=(3, 11),
         about="Primary school with a speech and language resource base.",
         sites=[("Kingsland Primary School", "E8", "school", "Kingsland")],
         kinds=["primary_school", "arp_slcn", "homework_club"]),
    dict(name="St Aidan's CE Primary School", domain="staidans-primary", ages=(3, 11),
         about="A Church of England primary school welcoming children of all faiths and none.",
         sites=[("St Aidan's CE Primary School", "E8", "school", "London Fields")],
         kinds=["primary_school", "holiday_scheme", "after_school_breaks"]),
    dict(name="Wick Green Primary School", domain="wickgreen-primary", ages=(3, 11),
         about="Primary school with a resource base for deaf children.",
         sites=[("Wick Green Primary School", "E9", "school", "Wick Green")],
         kinds=["primary_school", "arp_hearing", "deaf_youth"], langs=["bfi"]),
    dict(name="Northwold Primary School", domain="northwold-primary", ages=(3, 11),
         about="Primary school with an autism resource base and a nurture group.",
         sites=[("Northwold Primary School", "N16", "school", "Northwold")],
         kinds=["primary_school", "arp_autism", "homework_club"], langs=["yi", "tr"]),
    dict(name="Abney Park Primary School", domain="abney-primary", ages=(3, 11),
         about="A two-form entry community primary school.",
         sites=[("Abney Park Primary School", "N16", "school", "Abney")],
         kinds=["primary_school", "homework_club", "holiday_scheme"]),
    dict(name="Lea Bridge Primary School", domain="leabridge-primary", ages=(3, 11),
         about="Primary school with a language resource base.",
         sites=[("Lea Bridge Primary School", "E5", "school", "Lea Bridge")],
         kinds=["primary_school", "arp_slcn", "after_school_breaks"], langs=["tr", "pl"]),
    dict(name="Victoria Park Primary School", domain="vicpark-primary", ages=(3, 11),
         about="A primary school next to the park, with an outdoor learning programme.",
         sites=[("Victoria Park Primary School", "E9", "school", "Victoria Park")],
         kinds=["primary_school", "after_school_breaks", "holiday_scheme"]),
    dict(name="Homefield Primary School", domain="homefield-primary", ages=(3, 11),
         about="A primary school with a nurture base and forest school.",
         sites=[("Homefield Primary School", "E9", "school")],
         kinds=["primary_school", "after_school_breaks"], langs=["bn", "tr"]),
    dict(name="Our Lady of Mercy RC Primary School", domain="ourladyofmercy-primary", ages=(3, 11),
         about="A Catholic primary school serving Stoke Park and Northwold.",
         sites=[("Our Lady of Mercy RC Primary School", "N16", "school", "Stoke Park")],
         kinds=["primary_school", "homework_club"], langs=["pl", "pt", "es"]),
    dict(name="Riverside Jewish Primary School", domain="riverside-jewish-primary", ages=(3, 11),
         about="A voluntary-aided Jewish primary school.",
         sites=[("Riverside Jewish Primary School", "N16", "school", "Abney")],
         kinds=["primary_school", "holiday_scheme"], langs=["yi", "he"]),
    dict(name="Springfield Park Primary School", domain="springfieldpark-primary", ages=(3, 11),
         about="A primary school near the river with an autism resource base.",
         sites=[("Springfield Park Primary School", "E5", "school", "Clapton Park")],
         kinds=["primary_school", "arp_autism"], langs=["tr", "so"]),
    dict(name="Riverside Academy", domain="riverside-academy", ages=(11, 18),
         about="An 11 to 18 secondary academy with an autism resource base.",
         sites=[("Riverside Academy", "E8", "school")],
         kinds=["secondary_school", "arp_autism", "sixth_form", "homework_club"]),
    dict(name="Kingsmead Community School", domain="kingsmead-school", ages=(11, 16),
         about="An 11 to 16 secondary school with specialist bases for visually impaired and deaf students.",
         sites=[("Kingsmead Community School", "E9", "school", "Homefield")],
         kinds=["secondary_school", "vi_base", "arp_hearing"]),
    dict(name="Stoke Park School", domain="stokepark-school", ages=(11, 18),
         about="A mixed secondary school and sixth form.",
         sites=[("Stoke Park School", "N16", "school")],
         kinds=["secondary_school", "sixth_form", "homework_club", "arp_autism"], langs=["tr", "yi"]),
    dict(name="Lea Marsh Academy", domain="leamarsh-academy", ages=(11, 16),
         about="An 11 to 16 academy with a learning support centre.",
         sites=[("Lea Marsh Academy", "E5", "school", "Lea Bridge")],
         kinds=["secondary_school", "homework_club", "arp_autism"]),
    dict(name="The Willows School", domain="willows-school", ages=(2, 19),
         about="A special school for pupils aged 2 to 19 with severe and profound learning disabilities.",
         sites=[("The Willows School", "E5", "special", "Millfields")],
         kinds=["special_sld", "saturday_club", "holiday_scheme", "sensory_sessions", "supported_internship",
                "music_therapy", "after_school_breaks", "teen_club"]),
    dict(name="Oakfield School", domain="oakfield-school", ages=(4, 19),
         about="A special school for autistic pupils aged 4 to 19.",
         sites=[("Oakfield School", "N16", "special", "Northwold")],
         kinds=["special_autism", "after_school_breaks", "holiday_scheme", "supported_internship", "saturday_club"]),
    dict(name="Harbour School", domain="harbour-school", ages=(7, 16),
         about="A special school for pupils with social, emotional and mental health needs.",
         sites=[("Harbour School", "E9", "school", "Wick Green")],
         kinds=["special_semh", "holiday_scheme", "youth_club"]),
    dict(name="The Bridge Learning Centre", domain="bridge-learning",
         about="Riverside's pupil referral unit and medical needs teaching service.",
         sites=[("The Bridge Learning Centre", "E8", "school")],
         kinds=["ap_pru", "medical_tuition"]),
    dict(name="Ash Tree Nursery School", domain="ashtree-nursery",
         about="A maintained nursery school and children's centre with an enhanced provision.",
         sites=[("Ash Tree Nursery School", "E8", "nursery", "London Fields")],
         kinds=["nursery_school", "sensory_sessions"], langs=["tr", "so"]),
    dict(name="Clapton Park Nursery School", domain="claptonpark-nursery",
         about="A maintained nursery school for children aged 2 to 4.",
         sites=[("Clapton Park Nursery School", "E5", "nursery", "Clapton Park")],
         kinds=["nursery_school"], langs=["tr", "pl"]),
    dict(name="Little Acorns Day Nursery", domain="littleacorns",
         about="An independent day nursery for children from 6 months to 4 years.",
         sites=[("Little Acorns Day Nursery", "N16", "nursery", "Abney")],
         kinds=["nursery"], langs=["he", "yi"]),
    dict(name="Sunflower Day Nursery", domain="sunflower-nursery",
         about="A family-run nursery open all year.",
         sites=[("Sunflower Day Nursery", "E9", "nursery", "Victoria Park")],
         kinds=["nursery"], langs=["bn", "ur"]),
    dict(name="Kingsland Community Nursery", domain="kingsland-nursery",
         about="A not-for-profit community nursery.",
         sites=[("Kingsland Community Nursery", "E8", "nursery", "Kingsland")],
         kinds=["nursery"], langs=["tr", "es"]),
    dict(name="Riverside Childminding Network", domain="riverside-childminders",
         about="A network of registered childminders across Riverside.",
         sites=[("Riverside Childminding Network office", "E5", "office")],
         kinds=["childminders"], langs=["pl", "pt", "yo"]),
    # ---------------------------------------------------------------- post-16
    dict(name="Riverside College", domain="riverside-college",
         about="The borough's further education college, with campuses in Riverside Central and Northwold.",
         sites=[("Riverside College, Central Campus", "E8", "college"),
                ("Riverside College, Northwold Campus", "N16", "college", "Northwold")],
         kinds=["fe_foundation", "supported_internship", "fe_foundation", "job_coaching", "apprenticeships",
                "travel_training", "fe_foundation", "pfa_events", "volunteering", "supported_internship",
                "adult_learning"]),
    dict(name="Hollybank Specialist College", domain="hollybank-college", area=AREA_OUTSIDE,
         about="An independent specialist college for young people with complex needs, in Enfield.",
         sites=[("Hollybank Specialist College", "EN1", "special", "Enfield")],
         kinds=["specialist_college"]),
    dict(name="Marshgate Specialist College", domain="marshgate-college", area=AREA_OUTSIDE,
         about="A specialist college for autistic young people and young people with learning disabilities.",
         sites=[("Marshgate Specialist College", "E15", "college", "Stratford")],
         kinds=["specialist_college", "supported_internship"]),
    dict(name="Pathways to Work Riverside", short="Pathways to Work", domain="pathways-work",
         about="A charity helping disabled young people into paid work.",
         sites=[("Pathways to Work", "E9", "office", "Homefield")],
         kinds=["job_coaching", "supported_internship", "volunteering", "apprenticeships", "travel_training"]),
    dict(name="Brookside Supported Living", domain="brookside-living",
         about="Supported living for young adults with learning disabilities and autism.",
         sites=[("Brookside Court", "E5", "home", "Millfields")],
         kinds=["supported_housing", "living_skills", "shared_lives"]),
    dict(name="Canalside Housing Association", short="Canalside Housing", domain="canalside-housing",
         about="A housing association with a young adults' supported housing service.",
         sites=[("Canalside Mews", "E9", "home", "Victoria Park")],
         kinds=["supported_housing", "shared_lives", "living_skills"]),
    dict(name="Independent Futures", domain="independent-futures",
         about="A charity supporting young disabled people to live the life they choose.",
         sites=[("Independent Futures Centre", "N16", "centre")],
         kinds=["living_skills", "young_adult_days", "pa_support", "pfa_events", "job_coaching"]),
    # ---------------------------------------------------------------- short breaks
    dict(name="Kingfisher Trust", domain="kingfisher-trust",
         about="A charity providing short breaks for disabled children since 1987.",
         sites=[("Kingfisher House", "E9", "special", "Homefield")],
         kinds=["overnight_breaks", "family_link", "saturday_club", "pa_support", "holiday_scheme",
                "sibling_group", "after_school_breaks"]),
    dict(name="The Lighthouse Short Breaks Centre", short="The Lighthouse", domain="lighthouse-breaks",
         about="The council's own overnight short breaks centre.",
         sites=[("The Lighthouse", "N16", "special", "Stoke Park")],
         kinds=["overnight_breaks", "after_school_breaks", "saturday_club"]),
    dict(name="Playworks Riverside", domain="playworks",
         about="An inclusive play charity running adventure playgrounds and holiday schemes.",
         sites=[("Marsh Lane Adventure Playground", "E5", "outdoor", "Lea Bridge")],
         kinds=["adventure_playground", "holiday_scheme", "after_school_breaks", "saturday_club"]),
    dict(name="Abney Inclusive Play Association", short="Abney Play", domain="abney-play",
         about="A community play association for disabled and non-disabled children.",
         sites=[("Abney Inclusive Adventure Playground", "N16", "outdoor", "Abney")],
         kinds=["adventure_playground", "holiday_scheme", "saturday_club", "sibling_group", "after_school_breaks"]),
    dict(name="Summer Stars Play Project", short="Summer Stars", domain="summerstars",
         about="Holiday and after-school clubs for children with SEND.",
         sites=[("Summer Stars at Kingsland Primary School", "E8", "school", "Kingsland"),
                ("Summer Stars at Millfields Primary School", "E5", "school")],
         kinds=["holiday_scheme", "holiday_scheme", "after_school_breaks"]),
    dict(name="Friday Friends Club", short="Friday Friends", domain="fridayfriends",
         about="A user-led social club for teenagers and young adults with learning disabilities.",
         sites=[("Homefield Community Hall", "E9", "centre")],
         kinds=["teen_club", "drama", "young_adult_days", "music_group"]),
    dict(name="Wick Green Short Breaks Hub", short="Wick Green Short Breaks", domain="wickgreen-breaks",
         about="Short breaks and activities for disabled children and their brothers and sisters.",
         sites=[("Wick Green Community Centre", "E9", "centre", "Wick Green")],
         kinds=["after_school_breaks", "saturday_club", "sibling_group"]),
    # ---------------------------------------------------------------- advice and community
    dict(name="Riverside SENDIASS", domain="riverside-sendiass",
         about="The SEND Information, Advice and Support Service for Riverside: free, impartial and "
               "confidential.",
         sites=[("Riverside SENDIASS", "E8", "office")],
         kinds=["sendiass", "pfa_events", "sendiass"], langs=["tr", "bn", "so", "yi"]),
    dict(name="Riverside Parent Carer Forum", domain="riverside-pcf",
         about="The parent carer forum for Riverside, run by and for parents and carers of children with SEND.",
         sites=[("Millfields Community Centre", "E5", "centre")],
         kinds=["parent_forum", "autism_parent_group", "adhd_parent_group", "parent_wellbeing", "pfa_events",
                "autism_parent_group"]),
    dict(name="Riverside Carers Centre", domain="riverside-carers",
         about="Support for unpaid carers of all ages in Riverside.",
         sites=[("Riverside Carers Centre", "N16", "centre", "Stoke Park")],
         kinds=["carers_centre", "young_carers", "parent_wellbeing", "sibling_group", "benefits_advice",
                "young_carers"], langs=["tr", "yi", "bn"]),
    dict(name="Riverside Advice Centre", domain="riverside-advice",
         about="Free advice on benefits, debt, housing and work.",
         sites=[("Riverside Advice Centre", "E8", "office"), ("Clapton Park Library", "E5", "centre",
                                                               "Clapton Park")],
         kinds=["benefits_advice", "benefits_advice"], langs=["tr", "bn", "so", "pl"]),
    dict(name="Riverside Turkish and Kurdish Community Association", short="Turkish and Kurdish Community "
                                                                            "Association",
         domain="rtkca",
         about="A community association for Turkish, Kurdish and Turkish Cypriot families.",
         sites=[("Community Association Centre", "N16", "centre", "Stoke Park")],
         kinds=["community_send_support", "autism_parent_group", "benefits_advice", "parenting_course",
                "holiday_scheme"], langs=["tr", "ku"]),
    dict(name="Somali Families SEND Network", domain="somali-send",
         about="Support for Somali families of children with SEND.",
         sites=[("Kingsland Community Rooms", "E8", "centre", "Kingsland")],
         kinds=["community_send_support", "autism_parent_group", "benefits_advice", "parenting_course"],
                langs=["so", "ar"]),
    dict(name="Chesed Families SEND Project", domain="chesed-send",
         about="A charity supporting Orthodox Jewish families of children with SEND.",
         sites=[("Chesed Centre", "N16", "centre", "Northwold")],
         kinds=["community_send_support", "after_school_breaks", "holiday_scheme", "saturday_club",
                "sibling_group"],
         langs=["yi", "he"]),
    dict(name="Bangla Families Together", domain="bangla-families",
         about="A community group for Bangladeshi families caring for disabled children.",
         sites=[("Homefield Community Hall", "E9", "centre")],
         kinds=["community_send_support", "parenting_course", "autism_parent_group"], langs=["bn", "ur"]),
    dict(name="ADHD Riverside", domain="adhd-riverside",
         about="A parent-led charity for families affected by ADHD.",
         sites=[("Lea Bridge Community Centre", "E5", "centre", "Lea Bridge")],
         kinds=["adhd_parent_group", "parenting_course", "sleep_clinic", "parent_wellbeing"]),
    dict(name="Autism Riverside Families", domain="autism-riverside",
         about="A charity run by autistic people and families of autistic children.",
         sites=[("Wick Green Community Centre", "E9", "centre", "Wick Green")],
         kinds=["autism_parent_group", "parenting_course", "relaxed_events", "teen_club", "sibling_group"]),
    dict(name="Riverside Deaf Children's Society", domain="riverside-deaf",
         about="A local charity for deaf children and their families.",
         sites=[("Deaf Community Centre", "E8", "centre")],
         kinds=["deaf_youth", "bsl_family", "deaf_youth"], langs=["bfi"]),
    dict(name="Riverside Dyslexia Centre", domain="riverside-dyslexia",
         about="Specialist teaching and assessment for dyslexia and related difficulties.",
         sites=[("Riverside Dyslexia Centre", "N16", "office", "Stoke Park")],
         kinds=["dyslexia_tuition"]),
    # ---------------------------------------------------------------- activities
    dict(name="Riverside Lions Football Club", short="Riverside Lions", domain="riverside-lions",
         about="A community football club with teams for every ability.",
         sites=[("Millfields Park Pitches", "E5", "outdoor", "Millfields"),
                ("Victoria Park Pitches", "E9", "outdoor", "Victoria Park")],
         kinds=["football", "football"]),
    dict(name="Spotlight Youth Theatre", short="Spotlight", domain="spotlight-theatre",
         about="An inclusive youth theatre.",
         sites=[("Spotlight Studio", "N16", "centre")],
         kinds=["drama", "dance"]),
    dict(name="1st Millfields Scout Group", domain="1st-millfields-scouts",
         about="A Scout group meeting in Millfields.",
         sites=[("Millfields Scout Hut", "E5", "centre")], kinds=["scouts"]),
    dict(name="4th Stoke Park Scouts", domain="4th-stokepark-scouts",
         about="Beavers, Cubs and Scouts in Stoke Park.",
         sites=[("Stoke Park Scout Hall", "N16", "centre")], kinds=["scouts"]),
    dict(name="Sensory Space CIC", short="Sensory Space", domain="sensory-space",
         about="A social enterprise running sensory rooms and multi-sensory sessions.",
         sites=[("Sensory Space", "E8", "centre", "Kingsland")],
         kinds=["sensory_sessions", "sensory_sessions", "music_therapy", "relaxed_events", "sensory_sessions"]),
    dict(name="Riverside Picturehouse", domain="riverside-picturehouse",
         about="An independent cinema.", sites=[("Riverside Picturehouse", "E8", "leisure")],
         kinds=["relaxed_events"]),
    dict(name="Museum of Riverside Life", short="Museum of Riverside Life", domain="riverside-museum",
         about="The local history museum.", sites=[("Museum of Riverside Life", "E9", "centre", "Homefield")],
         kinds=["relaxed_events", "art_club"]),
    dict(name="Soundwaves Music Collective", short="Soundwaves", domain="soundwaves",
         about="Inclusive music-making for young people.", sites=[("Soundwaves Studio", "E5", "centre")],
         kinds=["music_group", "music_therapy", "music_group"]),
    dict(name="Millfields Community Farm", domain="millfields-farm",
         about="A city farm with animals, gardens and a cafe.",
         sites=[("Millfields Community Farm", "E5", "outdoor", "Millfields")],
         kinds=["city_farm", "city_farm", "volunteering"]),
    dict(name="Riverside Disability Sports Club", short="Riverside Disability Sport", domain="riverside-dsport",
         about="Multi-sport club for young disabled people.",
         sites=[("Homefield Sports Hall", "E9", "leisure")],
         kinds=["wheelchair_sports", "vi_sport", "football", "trampolining", "swimming"]),
    dict(name="Northwold Art Studio", domain="northwold-art",
         about="A community art studio.", sites=[("Northwold Art Studio", "N16", "centre", "Northwold")],
         kinds=["art_club", "art_club"]),
    dict(name="Move Together Dance", domain="movetogether",
         about="An inclusive dance company.", sites=[("Kingsland Dance Studio", "E8", "centre", "Kingsland")],
         kinds=["dance"]),
    # ---------------------------------------------------------------- neighbouring boroughs
    dict(name="Lea Valley Inclusive Cycling", domain="leavalley-cycling", area=AREA_OUTSIDE,
         about="Adapted cycling on a traffic-free track in Leyton.",
         sites=[("Lea Valley Cycle Track", "E10", "outdoor", "Leyton")], kinds=["cycling", "cycling"]),
    dict(name="Up the Wall Climbing Centre", domain="upthewall", area=AREA_OUTSIDE,
         about="An indoor climbing centre in Finsbury Park.",
         sites=[("Up the Wall Climbing Centre", "N4", "leisure", "Finsbury Park")], kinds=["climbing"]),
    dict(name="Waltham Marsh Autism Hub", domain="walthammarsh-autism", area=AREA_OUTSIDE,
         about="An autism charity serving families in Walthamstow and neighbouring boroughs.",
         sites=[("Waltham Marsh Autism Hub", "E17", "centre", "Walthamstow")],
         kinds=["autism_parent_group", "after_school_breaks", "holiday_scheme", "parenting_course", "teen_club"]),
    dict(name="Tottenham Vale Short Breaks", domain="tottenhamvale-breaks", area=AREA_OUTSIDE,
         about="Short breaks for disabled children in north London.",
         sites=[("Tottenham Vale House", "N17", "special", "Tottenham")],
         kinds=["saturday_club", "overnight_breaks", "family_link"]),
    dict(name="Canonbury Deaf Centre", domain="canonbury-deaf", area=AREA_OUTSIDE,
         about="A deaf-led centre in Islington.", sites=[("Canonbury Deaf Centre", "N1", "centre", "Islington")],
         kinds=["deaf_youth", "bsl_family"], langs=["bfi"]),
    dict(name="Stratford Sensory Centre", domain="stratford-sensory", area=AREA_OUTSIDE,
         about="A sensory centre with a hydrotherapy pool.",
         sites=[("Stratford Sensory Centre", "E15", "special", "Stratford")],
         kinds=["sensory_sessions", "swimming", "music_therapy"]),
    dict(name="Bow Creek Hydrotherapy Pool", domain="bowcreek-pool", area=AREA_OUTSIDE,
         about="A community-run warm water pool.", sites=[("Bow Creek Pool", "E3", "leisure", "Bow")],
         kinds=["swimming"]),
    dict(name="North London Family Mediation", domain="nl-mediation", area=AREA_OUTSIDE,
         about="Independent mediation for families and councils.",
         sites=[("North London Family Mediation", "N7", "office", "Holloway")], kinds=["mediation"]),
    # ---------------------------------------------------------------- national and online
    dict(name="Together for Families UK", short="Together for Families", domain="togetherforfamilies",
         area=AREA_NATIONAL, about="A national charity for families with disabled children.",
         sites=[("Together for Families UK head office", "B1", "office", "Birmingham")],
         kinds=["national_helpline", "sleep_clinic", "parenting_course", "benefits_advice", "pfa_events",
                "parent_wellbeing"]),
    dict(name="SEND Law Line", domain="sendlawline", area=AREA_NATIONAL,
         about="A national charity giving free legal advice on special educational needs.",
         sites=[("SEND Law Line", "LS1", "office", "Leeds")], kinds=["law_advice", "mediation"]),
    dict(name="Open Door Online", domain="opendoor-online", area=AREA_NATIONAL,
         about="Free online counselling and wellbeing support for young people.",
         sites=[], kinds=["online_counselling", "crisis_line", "parent_wellbeing"]),
    dict(name="SightAhead", domain="sightahead", area=AREA_NATIONAL,
         about="A national charity for blind and partially sighted children and young people.",
         sites=[("SightAhead", "M1", "office", "Manchester")], kinds=["sight_charity", "vi_sport"]),
    dict(name="Deafblind Connect", domain="deafblind-connect", area=AREA_NATIONAL,
         about="A national charity for deafblind children, young people and adults.",
         sites=[("Deafblind Connect", "BS1", "office", "Bristol")], kinds=["deafblind_charity", "sensory_sessions"]),
    dict(name="ADHD Families UK", domain="adhdfamilies", area=AREA_NATIONAL,
         about="An online community for families living with ADHD.", sites=[], kinds=["adhd_online",
                                                                                      "adhd_parent_group"]),
    dict(name="Dyslexia Matters UK", domain="dyslexiamatters", area=AREA_NATIONAL,
         about="A national dyslexia charity.", sites=[("Dyslexia Matters UK", "NE1", "office", "Newcastle")],
         kinds=["dyslexia_helpline", "dyslexia_tuition"]),
    dict(name="SignBridge", domain="signbridge", area=AREA_NATIONAL,
         about="Online British Sign Language courses for families.", sites=[], kinds=["bsl_family"],
         langs=["bfi"]),
]

# Place names for postcode districts outside the demo area (real districts, used for synthetic services).
LONDON_PLACES = {
    "E1": "Whitechapel", "E1W": "Wapping", "E2": "Bethnal Green", "E3": "Bow", "E4": "Chingford",
    "E5": "Clapton", "E6": "East Ham", "E7": "Forest Gate", "E8": "Hackney", "E9": "Homerton",
    "E10": "Leyton", "E11": "Leytonstone", "E12": "Manor Park", "E13": "Plaistow", "E14": "Poplar",
    "E15": "Stratford", "E16": "Canning Town", "E17": "Walthamstow", "E18": "South Woodford",
    "E20": "Queen Elizabeth Olympic Park", "E98": "Wapping",
    "N1": "Islington", "N1C": "King's Cross", "N2": "East Finchley", "N3": "Finchley", "N4": "Finsbury Park",
    "N5": "Highbury", "N6": "Highgate", "N7": "Holloway", "N8": "Hornsey", "N9": "Lower Edmonton",
    "N10": "Muswell Hill", "N11": "New Southgate", "N12": "North Finchley", "N13": "Palmers Green",
    "N14": "Southgate", "N15": "Seven Sisters", "N16": "Stoke Newington", "N17": "Tottenham",
    "N18": "Upper Edmonton", "N19": "Archway", "N20": "Whetstone", "N21": "Winchmore Hill", "N22": "Wood Green",
    "NW1": "Camden Town", "NW2": "Cricklewood", "NW3": "Hampstead", "NW4": "Hendon", "NW5": "Kentish Town",
    "NW6": "Kilburn", "NW7": "Mill Hill", "NW8": "St John's Wood", "NW9": "Colindale", "NW10": "Willesden",
    "NW11": "Golders Green",
    "SE1": "Southwark", "SE2": "Abbey Wood", "SE3": "Blackheath", "SE4": "Brockley", "SE5": "Camberwell",
    "SE6": "Catford", "SE7": "Charlton", "SE8": "Deptford", "SE9": "Eltham", "SE10": "Greenwich",
    "SE11": "Kennington", "SE12": "Lee", "SE13": "Lewisham", "SE14": "New Cross", "SE15": "Peckham",
    "SE16": "Rotherhithe", "SE17": "Walworth", "SE18": "Woolwich", "SE19": "Crystal Palace", "SE20": "Penge",
    "SE21": "Dulwich", "SE22": "East Dulwich", "SE23": "Forest Hill", "SE24": "Herne Hill",
    "SE25": "South Norwood", "SE26": "Sydenham", "SE27": "West Norwood", "SE28": "Thamesmead",
    "SW2": "Brixton Hill", "SW3": "Chelsea", "SW4": "Clapham", "SW5": "Earls Court", "SW6": "Fulham",
    "SW7": "South Kensington", "SW8": "Vauxhall", "SW9": "Stockwell", "SW10": "West Brompton",
    "SW11": "Battersea", "SW12": "Balham", "SW13": "Barnes", "SW14": "Mortlake", "SW15": "Putney",
    "SW16": "Streatham", "SW17": "Tooting", "SW18": "Wandsworth", "SW19": "Wimbledon", "SW20": "Raynes Park",
    "W2": "Paddington", "W3": "Acton", "W4": "Chiswick", "W5": "Ealing", "W6": "Hammersmith", "W7": "Hanwell",
    "W8": "Kensington", "W9": "Maida Vale", "W10": "North Kensington", "W11": "Notting Hill",
    "W12": "Shepherd's Bush", "W13": "West Ealing", "W14": "West Kensington",
    "EN1": "Enfield", "EN3": "Ponders End", "EN5": "Barnet", "IG1": "Ilford", "IG8": "Woodford Green",
    "IG11": "Barking", "RM8": "Becontree", "RM10": "Dagenham", "CR0": "Croydon", "BR1": "Bromley",
    "HA0": "Wembley", "HA9": "Wembley Park", "UB1": "Southall", "TW1": "Twickenham", "KT1": "Kingston",
    "SM1": "Sutton", "DA1": "Dartford", "M1": "Manchester", "B1": "Birmingham", "LS1": "Leeds",
    "BS1": "Bristol", "NE1": "Newcastle",
}
# Central districts are many and small; one name per group reads better than twenty.
CENTRAL_PLACES = (("EC1", "Clerkenwell"), ("EC", "the City"), ("WC1", "Bloomsbury"), ("WC2", "Covent Garden"),
                  ("W1", "the West End"), ("SW1", "Westminster"))

AGE_BANDS = (("0-4", 0, 4), ("5-10", 5, 10), ("11-15", 11, 15), ("16-18", 16, 18), ("19-25", 19, 25))

# Words for a made-up site name, by kind; others get a community venue.
SITE_WORDS = {
    "primary_school": ("Primary School", "Community Primary School", "CE Primary School"),
    "secondary_school": ("Academy", "High School", "Community School"),
    "sixth_form": ("Academy", "High School", "Sixth Form College"),
    "arp_autism": ("Primary School", "Academy"), "arp_slcn": ("Primary School",),
    "arp_hearing": ("Primary School", "Academy"), "vi_base": ("Academy", "High School"),
    "special_sld": ("School", "Special School"), "special_autism": ("School", "Academy"),
    "special_semh": ("School", "Academy"), "ap_pru": ("Learning Centre", "Pupil Referral Unit"),
    "nursery": ("Day Nursery", "Montessori Nursery", "Community Nursery"), "nursery_school": ("Nursery School",),
    "overnight_breaks": ("Short Breaks House", "Respite Centre"),
    "adventure_playground": ("Adventure Playground", "Play Park"),
    "fe_foundation": ("College", "College of Further Education"), "supported_internship": ("College",),
    "specialist_college": ("Specialist College",), "supported_housing": ("Court", "House", "Mews"),
    "swimming": ("Leisure Centre", "Pool"), "youth_club": ("Youth Hub", "Youth Centre"),
    "cycling": ("Cycle Hub", "Cycle Track"), "trampolining": ("Sports Centre", "Leisure Centre"),
    "wheelchair_sports": ("Sports Centre", "Leisure Centre"), "climbing": ("Climbing Centre", "Sports Centre"),
    "city_farm": ("City Farm", "Community Farm"), "library_sessions": ("Library",),
    "homework_club": ("Library", "Community Centre"), "salt_dropin": ("Family Hub", "Children's Centre"),
}
DEFAULT_SITE_WORDS = ("Community Centre", "Family Hub", "Health Centre", "Resource Centre", "Hall")
SYNTHETIC_ORG_SUFFIXES = ("Community Trust", "Family Services", "Inclusion Partnership", "Youth Network",
                          "Health Collaborative", "Play Association", "Learning Trust", "Disability Alliance",
                          "Carers Network", "Children's Charity")


def _schedule_rows(pattern: str, rng: random.Random) -> list[tuple[int, time | None, time | None, str]]:
    """Weekly opening times for a kind of service."""
    weekdays = range(5)
    if pattern == "school":
        return [(d, _t("08:45"), _t("15:15"), "Term time only") for d in weekdays]
    if pattern == "nursery":
        return [(d, _t("08:00"), _t("18:00"), "All year except bank holidays") for d in weekdays]
    if pattern == "college":
        return [(d, _t("09:00"), _t("16:30"), "Term time only") for d in weekdays]
    if pattern == "office":
        return [(d, _t("09:00"), _t("17:00"), "") for d in weekdays]
    if pattern == "office_short":
        return [(d, _t("10:00"), _t("16:00"), "") for d in range(4)] + [(4, _t("10:00"), _t("13:00"), "")]
    if pattern == "helpline":
        return [(d, _t("10:00"), _t("16:00"), "Phone, email and web chat") for d in weekdays]
    if pattern == "helpline_long":
        return [(d, _t("12:00"), _t("22:00"), "Chat and messages") for d in range(7)]
    if pattern == "always":
        return [(d, _t("00:00"), _t("23:59"), "Open 24 hours") for d in range(7)]
    if pattern == "holiday":
        return [(d, _t("10:00"), _t("15:00"), "School holidays only") for d in weekdays]
    if pattern == "clinic":
        return [(d, _t("09:00"), _t("16:30"), "By appointment") for d in sorted(rng.sample(weekdays, 2))]
    if pattern == "drop_in":
        opens, closes = rng.choice((("09:30", "11:30"), ("13:30", "15:30")))
        return [(rng.choice(weekdays), _t(opens), _t(closes), "Drop-in, no appointment needed")]
    if pattern == "after_school":
        days = sorted(rng.sample(weekdays, rng.choice((1, 2, 2, 3))))
        return [(d, _t("15:30"), _t("18:00"), "Term time only") for d in days]
    if pattern == "evening":
        opens, closes = rng.choice((("18:00", "20:00"), ("18:30", "20:30"), ("19:00", "21:00")))
        return [(rng.choice(weekdays), _t(opens), _t(closes), "Term time only")]
    if pattern == "saturday":
        opens, closes = rng.choice((("10:00", "13:00"), ("13:00", "16:00"), ("09:30", "12:00")))
        return [(5, _t(opens), _t(closes), "")]
    if pattern == "sunday":
        return [(6, _t("10:00"), _t("12:30"), "")]
    if pattern == "weekly_group":
        opens, closes = rng.choice((("10:00", "12:00"), ("13:00", "14:30"), ("18:00", "19:30")))
        return [(rng.choice(weekdays), _t(opens), _t(closes), "Weekly")]
    if pattern == "monthly":
        day = rng.choice((0, 1, 2, 3, 4, 5))
        return [(day, _t("10:00"), _t("12:30"), f"First {WEEKDAYS[day]} of the month")]
    if pattern == "overnight":
        return [(4, _t("16:00"), None, "Overnight stays start on Friday after school"),
                (5, None, None, "All day and overnight"),
                (6, None, _t("15:00"), "Stays end on Sunday afternoon")]
    return []  # "flexible": arranged with each family


def _area_of(district: str) -> str:
    """The postcode area ("E", "EC", "SW"...) of a district."""
    head = ""
    for ch in district:
        if ch.isdigit():
            break
        head += ch
    return head


def is_london_district(district: str) -> bool:
    """Whether a district is in one of the London postcode areas."""
    return _area_of(district) in LONDON_AREAS


def place_name(district: str) -> str:
    """A neighbourhood name for a postcode district."""
    if district in LONDON_PLACES:
        return LONDON_PLACES[district]
    for prefix, name in CENTRAL_PLACES:
        if district.startswith(prefix):
            return name
    return "London"


def _postcode(district: str, rng: random.Random) -> str:
    return f"{district} {rng.randrange(10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def _point(district: str, centroids: dict[str, tuple[float, float]], rng: random.Random) -> tuple[float, float]:
    lat, lng = centroids[district]
    return (round(lat + rng.uniform(-MAX_JITTER, MAX_JITTER), 6),
            round(lng + rng.uniform(-MAX_JITTER, MAX_JITTER), 6))


def _accessibility(site_kind: str, rng: random.Random) -> list[str]:
    always, sometimes = SITE_ACCESSIBILITY.get(site_kind, SITE_ACCESSIBILITY["centre"])
    return list(always) + [code for code in sometimes if rng.random() < 0.5]


def _languages(rng: random.Random, preferred: list[str], needs: list[str]) -> list[str]:
    codes = ["en"]
    extra = rng.choices((0, 1, 2, 3), weights=(45, 30, 18, 7))[0]
    pool = list(preferred)
    rng.shuffle(pool)
    others = list(LANGUAGE_WEIGHTS)
    while len(pool) < extra:
        code = rng.choices(others, weights=[LANGUAGE_WEIGHTS[c] for c in others])[0]
        if code not in pool:
            pool.append(code)
    codes += pool[:extra]
    if "bfi" in preferred or ("hearing-impairment" in needs and rng.random() < 0.6):
        codes.append("bfi")
    return list(dict.fromkeys(codes))


def _age_bands(age_min: int, age_max: int) -> list[str]:
    return [code for code, low, high in AGE_BANDS if low <= age_max and age_min <= high]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in out.split("-") if part)[:60]


def _phone(rng: random.Random, mobile: bool = False) -> str:
    # Ofcom's ranges reserved for drama: never a real line.
    return f"07700 900{rng.randrange(1000):03d}" if mobile else f"01632 960{rng.randrange(1000):03d}"


def _compose(kind: dict, rng: random.Random, fill: dict[str, str], variant: int,
             limits: tuple[int, int] | None = None) -> dict:
    """The text, terms and flags of one service of a kind; LIMITS keeps ages within a school's phase."""
    name = _capitalised(kind["names"][variant % len(kind["names"])].format_map(fill))
    descriptions = kind["descriptions"]
    first = rng.randrange(len(descriptions))
    description = descriptions[first].format_map(fill)
    if len(descriptions) > 1 and rng.random() < 0.5:
        description += "\n\n" + descriptions[(first + 1) % len(descriptions)].format_map(fill)
    easy_read = kind.get("easy_read")
    age_min, age_max = rng.choice(kind["ages"])
    if limits:
        fitting = [a for a in kind["ages"] if limits[0] <= a[0] and a[1] <= limits[1]]
        age_min, age_max = rng.choice(fitting) if fitting else (max(age_min, limits[0]), min(age_max, limits[1]))
        if age_min > age_max:
            age_min, age_max = limits
    self_referral, professional_referral, ehc_plan_required = ACCESS[kind["access"]]
    is_free, cost_detail = True, ""
    if kind.get("cost") and rng.random() >= kind.get("free_share", 0.0):
        cost_detail = rng.choice(kind["cost"])
        is_free = cost_detail.startswith("Free")
    needs = list(kind["needs"]) + [code for code in kind.get("maybe", ()) if rng.random() < 0.5]
    return dict(
        name=name[:255],
        summary=rng.choice(kind["summaries"]).format_map(fill)[:500],
        description=description,
        easy_read_summary=easy_read[0] if easy_read and rng.random() < 0.8 else "",
        eligibility=rng.choice(kind["eligibility"]).format_map(fill),
        how_to_access=rng.choice(kind["how"]).format_map(fill),
        self_referral=self_referral, professional_referral=professional_referral,
        ehc_plan_required=ehc_plan_required, is_free=is_free, cost_detail=cost_detail,
        age_min=age_min, age_max=age_max, delivery=list(rng.choice(kind["delivery"])),
        categories=list(kind["cats"]), needs=needs,
    )


def _term_codes(fields: dict) -> list[tuple[str, str]]:
    return ([(CATEGORY, c) for c in fields["categories"]] + [(NEED, n) for n in fields["needs"]]
            + [(AGE_BAND, b) for b in _age_bands(fields["age_min"], fields["age_max"])])


# ---------------------------------------------------------------------------------------------- the demo area

def load_demo() -> dict:
    """Create the fictional Riverside area; return counts of services, organisations and locations made."""
    ensure_taxonomy()
    geo.load_shipped_centroids()
    rng = random.Random(DEMO_SEED)  # nosec B311  # fictional demo data: seeded to repeat, not a secret
    centroids = geo.shipped_districts()
    terms = {(t.vocabulary, t.code): t for t in db.session.scalars(select(TaxonomyTerm))}
    today = date.today()
    variants: dict[str, int] = {}
    sites: dict[tuple[str, str], Location] = {}  # some venues host several organisations
    organisations: list[Organisation] = []
    services: list[Service] = []
    used_names: set[str] = set()

    for spec in ORGANISATIONS:
        domain = f"{spec['domain']}.example.org"
        org = Organisation(name=spec["name"], description=spec["about"], website=f"https://{domain}",
                           email=f"info@{domain}", phone=_phone(rng))
        organisations.append(org)
        org_sites = []
        for site in spec["sites"]:
            name, district, site_kind = site[:3]
            place = site[3] if len(site) > 3 else LOCAL_PLACES.get(district, (place_name(district),))[0]
            location = sites.get((name, district))
            if location is None:
                lat, lng = _point(district, centroids, rng)
                location = Location(
                    id=uuid.uuid4(), organisation=org, name=name,
                    address_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
                    city="London" if is_london_district(district) else place,
                    postcode=_postcode(district, rng), latitude=lat, longitude=lng,
                    accessibility=[terms[(ACCESSIBILITY, c)] for c in _accessibility(site_kind, rng)],
                )
                sites[(name, district)] = location
            org_sites.append((location, district, place))

        first_seen: dict[str, int] = {}
        for index, key in enumerate(spec["kinds"]):
            kind = KINDS_BY_KEY[key]
            variant = variants.get(key, 0)
            variants[key] = variant + 1
            # The same kind twice in one organisation goes to its next site, not back to the first.
            repeat = spec["kinds"][:index].count(key)
            start = first_seen.setdefault(key, index)
            site = org_sites[(start + repeat) % len(org_sites)] if org_sites else None
            fill = {"org": spec.get("short", spec["name"]), "site": site[0].name if site else spec["name"],
                    "place": site[2] if site else "England"}
            fields = _compose(kind, rng, fill, variant, spec.get("ages"))
            fields["name"] = _unique_name(fields["name"], kind, fill, used_names)
            service_sites = []
            if site and ({"in_person", "home_visits"} & set(fields["delivery"])):
                service_sites = [s[0] for s in org_sites] if kind.get("all_sites") else [site[0]]
            if spec.get("area"):
                area = spec["area"]
            elif not service_sites:
                area = AREA_NATIONAL if not org_sites else AREA_LOCAL
            else:
                area = AREA_LOCAL if site[1] in LOCAL_DISTRICTS else AREA_OUTSIDE
            status = _demo_status(rng)
            contact = rng.random()
            service = Service(
                organisation=org, status=status, area_served=area,
                email=f"{key.replace('_', '-')}@{domain}" if contact < 0.75 else org.email,
                phone=org.phone if contact >= 0.75 else _phone(rng, mobile=rng.random() < 0.15),
                website=f"https://{domain}/{_slug(fields['name'])}" if contact < 0.6 else org.website,
                assured_on=None if status == DRAFT else today - timedelta(days=rng.randrange(ASSURED_WITHIN_DAYS)),
                **{k: v for k, v in fields.items() if k not in ("categories", "needs")},
            )
            service.terms = [terms[code] for code in _term_codes(fields)]
            service.locations = service_sites
            first_site = service_sites[0].id if service_sites else None
            service.schedules = [Schedule(weekday=d, opens_at=o, closes_at=c, description=text,
                                          location_id=first_site)
                                 for d, o, c, text in _schedule_rows(kind["schedule"], rng)]
            service.languages = [ServiceLanguage(code=c, name=LANGUAGES[c])
                                 for c in _languages(rng, spec.get("langs", []), fields["needs"])]
            services.append(service)

    db.session.add_all(organisations)
    db.session.add_all(services)
    db.session.commit()
    return {"services": len(services), "organisations": len(organisations), "locations": len(sites)}


def _unique_name(name: str, kind: dict, fill: dict[str, str], used: set[str]) -> str:
    """NAME, or another wording of it, that no other demo service has: results lists stay readable."""
    candidates = [name] + [n.format_map(fill) for n in kind["names"]]
    candidates += [f"{name} ({fill['place']})", f"{name} ({fill['org']})", f"{name}, {fill['site']}"]
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate[:255]
    number = 2
    while f"{name} ({number})" in used:
        number += 1
    used.add(f"{name} ({number})")
    return f"{name} ({number})"


def _demo_status(rng: random.Random) -> str:
    # A few listings waiting for review or withdrawn, so moderation screens have something to show.
    roll = rng.random()
    if roll < 0.025:
        return PENDING
    if roll < 0.04:
        return DRAFT
    if roll < 0.05:
        return ARCHIVED
    return PUBLISHED


# ---------------------------------------------------------------------------------------------- benchmarks

def generate_services(count: int, seed: int = 1) -> int:
    """Add COUNT synthetic published services, the same ones for the same seed; return how many."""
    ensure_taxonomy()
    geo.load_shipped_centroids()
    rng = random.Random(seed)  # nosec B311  # synthetic benchmark data: seeded to repeat, not a secret
    centroids = geo.shipped_districts()
    districts = [d for d in centroids if is_london_district(d)]
    org_ids = _synthetic_organisations(rng, districts)
    term_ids = {key: term_id(*key) for key in _all_term_keys()}
    made = 0
    while made < count:
        size = min(GENERATE_CHUNK, count - made)
        for table, rows in _synthetic_chunk(rng, size, org_ids, districts, centroids, term_ids):
            if rows:
                db.session.execute(insert(table), rows)
        db.session.commit()
        made += size
    return made


def _all_term_keys() -> list[tuple[str, str]]:
    from .taxonomy import VOCABULARY_TERMS
    return [(vocabulary, code) for vocabulary, terms in VOCABULARY_TERMS.items() for code, _, _ in terms]


def _synthetic_organisations(rng: random.Random, districts: list[str]) -> list[tuple[uuid.UUID, str, str]]:
    """A handful of organisations for synthetic services: (id, name, email domain)."""
    made = []
    for _ in range(10):
        name = _capitalised(f"{place_name(rng.choice(districts))} {rng.choice(SYNTHETIC_ORG_SUFFIXES)}")
        domain = f"{_slug(name)}.example.org"
        org = Organisation(id=uuid.uuid4(), name=name, description=f"{name} (synthetic data for benchmarks).",
                           website=f"https://{domain}", email=f"info@{domain}", phone=_phone(rng))
        db.session.add(org)
        made.append((org.id, name, domain))
    db.session.commit()
    return made


def _synthetic_chunk(rng: random.Random, size: int, orgs: list[tuple[uuid.UUID, str, str]],
                     districts: list[str], centroids: dict[str, tuple[float, float]],
                     term_ids: dict[tuple[str, str], uuid.UUID]) -> Iterator[tuple[object, list[dict]]]:
    """Rows for SIZE services and everything hanging off them, table by table."""
    now = utcnow()
    today = date.today()
    services, service_term_rows, locations, service_location_rows = [], [], [], []
    location_term_rows, schedules, languages = [], [], []
    for _ in range(size):
        kind = rng.choice(KINDS)
        org_id, org_name, domain = rng.choice(orgs)
        district = rng.choice(districts)
        place = place_name(district)
        site = _capitalised(f"{place} {rng.choice(SITE_WORDS.get(kind['key'], DEFAULT_SITE_WORDS))}")
        variant = rng.randrange(len(kind["names"]))
        fields = _compose(kind, rng, {"org": org_name, "site": site, "place": place}, variant)
        if "{" not in kind["names"][variant]:
            fields["name"] = f"{fields['name']} ({place})"
        service_id = uuid.uuid4()
        has_site = bool({"in_person", "home_visits"} & set(fields["delivery"]))
        area = (AREA_LOCAL if district in LOCAL_DISTRICTS else AREA_OUTSIDE) if has_site else AREA_NATIONAL
        services.append(dict(
            id=service_id, organisation_id=org_id, status=PUBLISHED, area_served=area,
            email=f"{kind['key'].replace('_', '-')}@{domain}", phone=_phone(rng),
            website=f"https://{domain}/{_slug(fields['name'])}",
            assured_on=today - timedelta(days=rng.randrange(ASSURED_WITHIN_DAYS)),
            version=1, created_at=now, updated_at=now,
            **{k: v for k, v in fields.items() if k not in ("categories", "needs")},
        ))
        service_term_rows += [{"service_id": service_id, "term_id": term_ids[key]} for key in _term_codes(fields)]
        location_id = None
        if has_site:
            location_id = uuid.uuid4()
            lat, lng = _point(district, centroids, rng)
            locations.append(dict(id=location_id, organisation_id=org_id, name=site,
                                  address_1=f"{rng.randint(1, 240)} {rng.choice(STREETS)}", city="London",
                                  postcode=_postcode(district, rng), latitude=lat, longitude=lng))
            service_location_rows.append({"service_id": service_id, "location_id": location_id})
            location_term_rows += [{"location_id": location_id, "term_id": term_ids[(ACCESSIBILITY, code)]}
                                   for code in _accessibility(rng.choice(tuple(SITE_ACCESSIBILITY)), rng)]
        schedules += [dict(id=uuid.uuid4(), service_id=service_id, location_id=location_id, weekday=d,
                           opens_at=o, closes_at=c, description=text)
                      for d, o, c, text in _schedule_rows(kind["schedule"], rng)]
        languages += [dict(id=uuid.uuid4(), service_id=service_id, code=code, name=LANGUAGES[code])
                      for code in _languages(rng, [], fields["needs"])]
    # Core tables, not ORM classes: the ORM splits a batch wherever a value is None, which costs a lot here.
    # Parents before children, for databases that check foreign keys as rows arrive.
    yield Service.__table__, services
    yield Location.__table__, locations
    yield service_terms, service_term_rows
    yield service_locations, service_location_rows
    yield location_terms, location_term_rows
    yield Schedule.__table__, schedules
    yield ServiceLanguage.__table__, languages
