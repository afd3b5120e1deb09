"""The shared vocabulary of need: SEN2 need types and the Code of Practice's four broad areas.

Source: SEND Code of Practice 0-25 (2015) paragraphs 6.28-6.35 (the four broad areas) and the SEN2
/ school census SENtype code list (see docs: domain spec section 3.3).
"""

from __future__ import annotations

from django.db import models


class BroadArea(models.TextChoices):
    """The four broad areas of need in the SEND Code of Practice, chapter 6."""

    COMMUNICATION_INTERACTION = "communication", "Communication and interaction"
    COGNITION_LEARNING = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory", "Sensory and/or physical"


class NeedType(models.TextChoices):
    """Primary or secondary type of need, as coded in the SEN2 return and school census."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Vision impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    DS = "DS", "Down syndrome"
    OTH = "OTH", "Other difficulty"


# Down syndrome has no published DfE mapping; it is treated as cognition and learning, as in
# practice. "Other difficulty" belongs to no broad area.
BROAD_AREA_OF_NEED: dict[str, BroadArea | None] = {
    NeedType.SPLD: BroadArea.COGNITION_LEARNING,
    NeedType.MLD: BroadArea.COGNITION_LEARNING,
    NeedType.SLD: BroadArea.COGNITION_LEARNING,
    NeedType.PMLD: BroadArea.COGNITION_LEARNING,
    NeedType.DS: BroadArea.COGNITION_LEARNING,
    NeedType.SEMH: BroadArea.SEMH,
    NeedType.SLCN: BroadArea.COMMUNICATION_INTERACTION,
    NeedType.ASD: BroadArea.COMMUNICATION_INTERACTION,
    NeedType.HI: BroadArea.SENSORY_PHYSICAL,
    NeedType.VI: BroadArea.SENSORY_PHYSICAL,
    NeedType.MSI: BroadArea.SENSORY_PHYSICAL,
    NeedType.PD: BroadArea.SENSORY_PHYSICAL,
    NeedType.OTH: None,
}


def broad_area_of(need: str) -> BroadArea | None:
    """The broad area a need type belongs to, or None for "other difficulty"."""
    return BROAD_AREA_OF_NEED[NeedType(need)]
