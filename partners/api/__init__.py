"""The REST API's shared infrastructure (tokens, authentication, pagination, throttles,
problem documents) and the registry's endpoints. Consultations and observers add their
endpoints in ``consultations/api.py`` and ``observers/api.py``."""
