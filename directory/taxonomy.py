"""The portal's own vocabularies. Ids are UUID5 of vocabulary and code, so they stay stable
across installations (the Open Referral API publishes them)."""
from __future__ import annotations

import uuid

from .models import ACCESSIBILITY, AGE_BAND, CATEGORY, NEED

NAMESPACE = uuid.UUID("6f0b6c8e-3d1a-4b7e-9a55-2f1d8c3e7a10")

# (code, name, description). English here is the source; translations arrive with the languages issue.
VOCABULARY_TERMS: dict[str, list[tuple[str, str, str]]] = {
    CATEGORY: [
        ("education", "Education", "Early years settings, schools, colleges and support for learning."),
        ("health", "Health", "Therapies, nursing, mental health and other NHS services."),
        ("social-care", "Social care", "Support from social workers, personal budgets and care at home."),
        ("short-breaks", "Short breaks", "Time away for children and young people, and a rest for families (respite)."),
        ("post-16", "Post-16 and preparing for adulthood",
         "College, training, supported internships, work, housing and independence from 14 to 25."),
        ("advice", "Advice and support",
         "Information, advice and support for families, including SENDIASS and the parent carer forum."),
        ("leisure", "Activities and leisure", "Clubs, sport, play schemes and things to do."),
    ],
    NEED: [
        ("autism", "Autism", "Autism spectrum condition (ASC), sometimes called autism spectrum disorder (ASD)."),
        ("adhd", "ADHD", "Attention deficit hyperactivity disorder."),
        ("slcn", "Speech, language and communication", "Speech, language and communication needs (SLCN)."),
        ("semh", "Social, emotional and mental health", "Social, emotional and mental health needs (SEMH)."),
        ("learning-disability", "Learning disability", "Moderate, severe or profound and multiple learning difficulties."),
        ("physical-disability", "Physical disability", "Physical disabilities and mobility needs."),
        ("hearing-impairment", "Hearing impairment", "Deafness and hearing loss."),
        ("visual-impairment", "Visual impairment", "Blindness and sight loss."),
        ("multi-sensory-impairment", "Multi-sensory impairment", "Both hearing and sight loss (deafblind)."),
        ("specific-learning-difficulty", "Specific learning difficulty",
         "For example dyslexia, dyspraxia or dyscalculia."),
    ],
    ACCESSIBILITY: [
        ("step-free", "Step-free access", ""),
        ("accessible-toilet", "Accessible toilet", ""),
        ("changing-places", "Changing Places toilet", ""),
        ("hearing-loop", "Hearing loop", ""),
        ("quiet-room", "Quiet room", ""),
        ("accessible-parking", "Accessible parking", ""),
        ("lift", "Lift to all floors", ""),
        ("sensory-room", "Sensory room", ""),
    ],
    AGE_BAND: [
        ("0-4", "Early years (0 to 4)", ""),
        ("5-10", "Primary age (5 to 10)", ""),
        ("11-15", "Secondary age (11 to 15)", ""),
        ("16-18", "16 to 18", ""),
        ("19-25", "19 to 25", ""),
    ],
}


def term_id(vocabulary: str, code: str) -> uuid.UUID:
    """The stable id of a term."""
    return uuid.uuid5(NAMESPACE, f"{vocabulary}:{code}")


def codes(vocabulary: str) -> list[str]:
    """The codes of one vocabulary, in display order."""
    return [code for code, _, _ in VOCABULARY_TERMS[vocabulary]]
