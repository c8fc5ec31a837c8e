"""iepgen: drafts Individualized Education Programs as asynchronous jobs."""

__version__ = "0.1.0"
