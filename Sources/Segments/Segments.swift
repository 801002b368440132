// Segment definitions: model, text syntax, validation, evaluation.
