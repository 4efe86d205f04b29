"""Load phase: strict YAML, field types, models, rules and the one loader."""
