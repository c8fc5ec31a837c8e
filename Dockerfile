# iepgen: one image for the API and the workers (docker-compose.yml runs both behind Caddy).
#   docker build -t iepgen .
#   docker run -p 127.0.0.1:8005:8005 -v iepgen-data:/data \
#     -e SECRET_KEY=$(openssl rand -hex 32) -e SESSION_COOKIE_SECURE=true iepgen   # behind TLS
#
# The base image is pinned by digest (python:3.11-slim, linux/amd64 + arm64 index): a tag can
# be moved to other bytes, a digest cannot. To update it, see README "Security" (Deployment).
FROM python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7

# Production unless told otherwise: the app refuses development keys, debug and plain-http
# cookies, and seed-demo refuses to run.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENVIRONMENT=production \
    HOST=0.0.0.0 \
    PORT=8005 \
    LOG_JSON=true \
    DATABASE_URL=sqlite+aiosqlite:////data/special_ed.db

RUN groupadd --system --gid 10001 iepgen \
    && useradd --system --uid 10001 --gid iepgen --home-dir /app --shell /usr/sbin/nologin iepgen \
    && mkdir -p /app /data \
    && chown iepgen:iepgen /data \
    && chmod 0700 /data

WORKDIR /app
# Pinned runtime dependencies first (no test tools), every file checked against its hash.
COPY requirements-runtime.lock ./
RUN pip install --require-hashes -r requirements-runtime.lock
COPY pyproject.toml README.md start_async_worker.py ./
COPY src ./src
RUN pip install --no-deps .

USER iepgen
VOLUME ["/data"]
EXPOSE 8005

# exec: the server is PID 1 and receives SIGTERM itself, so shutdown is graceful.
CMD ["sh", "-c", "iepgen db upgrade && exec iepgen serve"]
