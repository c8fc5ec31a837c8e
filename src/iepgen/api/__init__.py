"""The FastAPI application: factory, lifespan, dependencies and error mapping."""
