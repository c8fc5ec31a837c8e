"""The IEP meeting: when and where, who takes part, and what each participant said."""
