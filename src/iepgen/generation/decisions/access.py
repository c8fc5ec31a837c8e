"""How the student takes in and gives information: one reading of the record for every rule.

The supports chosen and the checker that judges them must agree on whether a student
hears speech, speaks, or reads braille rather than print; both read it here.
"""

from __future__ import annotations

from dataclasses import dataclass

from iepgen.generation.context import GenerationContext


@dataclass(frozen=True)
class Access:
    hears_speech: bool
    speaks: bool
    reads_braille: bool
    reads_print: bool
    signs: bool
    uses_device: bool

    @classmethod
    def of(cls, context: GenerationContext) -> Access:
        communication = context.student.communication
        vision = context.student.vision
        signs = communication is not None and communication.mode == "signed"
        uses_device = communication is not None and (
            communication.mode == "aac" or bool(communication.aac_device)
        )
        hears_speech = not (
            communication is not None
            and (
                communication.hears_speech is False
                or (signs and communication.hears_speech is not True)
            )
        )
        braille = vision is not None and (
            "braille" in vision.learning_media
            or (
                vision.functional_vision in ("functionally_blind", "totally_blind")
                and not vision.braille_not_appropriate
            )
        )
        reads_print = not braille or bool(
            vision and {"print", "large_print"} & set(vision.learning_media)
        )
        return cls(
            hears_speech=hears_speech,
            speaks=not (signs or uses_device),
            reads_braille=braille,
            reads_print=reads_print,
            signs=signs,
            uses_device=uses_device,
        )
