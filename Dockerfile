# syntax=docker/dockerfile:1
# coachbot in a slim image: hash-locked dependencies (requirements/postgres.txt: runtime plus
# asyncpg), a non-root user, and a HEALTHCHECK through `coachbot health`.
# Build: docker build -t coachbot .   Run with PostgreSQL: docker compose up -d (compose.yaml)

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
# Empty: the locked files come from PyPI. An offline build (make image-test) passes
# "--no-index --find-links /tmp/requirements/wheelhouse", a wheelhouse filled on the host.
ARG PIP_OFFLINE=
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/coachbot
COPY requirements/ /tmp/requirements/
# build.txt pins the build backend, so building coachbot below fetches nothing unpinned.
RUN /opt/coachbot/bin/pip install --require-hashes --no-deps ${PIP_OFFLINE} \
        -r /tmp/requirements/postgres.txt -r /tmp/requirements/build.txt
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY coach ./coach
COPY scheduler ./scheduler
COPY services ./services
COPY storage ./storage
COPY i18n ./i18n
RUN /opt/coachbot/bin/pip install --no-deps --no-build-isolation ${PIP_OFFLINE} . \
    && /opt/coachbot/bin/python -m compileall -q /opt/coachbot

FROM ${PYTHON_IMAGE}
ENV PATH=/opt/coachbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PTB_TIMEDELTA=1
RUN groupadd --system --gid 10001 coachbot \
    && useradd --system --uid 10001 --gid coachbot --home-dir /app --shell /usr/sbin/nologin coachbot \
    && mkdir -p /app/data \
    && chown coachbot:coachbot /app/data
COPY --from=build /opt/coachbot /opt/coachbot
WORKDIR /app
USER 10001:10001
# SQLite (the default DATABASE_URL, data/coachbot.db) lives here; with PostgreSQL it stays empty.
VOLUME ["/app/data"]
# Webhook mode only (WEBHOOK_URL set): the port the webhook server listens on.
EXPOSE 8443
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["coachbot", "health"]
STOPSIGNAL SIGTERM
CMD ["coachbot", "run"]
