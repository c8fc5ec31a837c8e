"""Progress monitoring: data points per goal of a final IEP, CSV import, charts and reports."""
