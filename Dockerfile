# iepgen: one image for the API and the workers (docker-compose.yml runs both).
#   docker build -t iepgen .
#   docker run -p 8005:8005 -v iepgen-data:/data -e SECRET_KEY=... iepgen   # SQLite, embedded worker
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8005 \
    LOG_JSON=true \
    DATABASE_URL=sqlite+aiosqlite:////data/special_ed.db

RUN groupadd --system --gid 10001 iepgen \
    && useradd --system --uid 10001 --gid iepgen --home-dir /app --shell /usr/sbin/nologin iepgen \
    && mkdir -p /app /data \
    && chown iepgen:iepgen /data

WORKDIR /app
# Pinned runtime dependencies first (no test tools): reused until the lock changes.
COPY requirements-runtime.lock ./
RUN pip install -r requirements-runtime.lock
COPY pyproject.toml README.md start_async_worker.py ./
COPY src ./src
RUN pip install --no-deps .

USER iepgen
VOLUME ["/data"]
EXPOSE 8005

# exec: the server is PID 1 and receives SIGTERM itself, so shutdown is graceful.
CMD ["sh", "-c", "iepgen db upgrade && exec iepgen serve"]
