"""Assessment results of a student: the data present levels and baselines rest on."""
