# Production image: the portal's code with the locked dependencies, run by gunicorn or Celery.
# Built and run by docker-compose.yml; settings come from the environment (see README.md).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=iomcso.settings.production

# gettext compiles the translation catalogues; curl serves the health checks; Pango and the
# Noto fonts let WeasyPrint print PDF letters and badges in every script.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext curl \
        libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-core fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Exactly the locked versions, hashes checked (re-used from cache until the lock changes).
COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

COPY . .
# Dependencies' unused templates that load assets from another host (see the script).
RUN python bin/remove_remote_asset_templates.py

# Translations and static files are built into the image; these throwaway values only
# satisfy the production settings' required variables during the build.
RUN DJANGO_SECRET_KEY=image-build-only-not-used-at-runtime-0123456789abcdef \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    SITE_URL=https://build.invalid \
    STATIC_ROOT=/app/var/static \
    sh -c "python manage.py compilemessages --ignore=.venv -v 0 \
        && python manage.py collectstatic --noinput -v 0"

RUN useradd --system --uid 10001 --home-dir /app iomcso \
    && mkdir -p /data/media \
    && chown -R iomcso /data /app/var
USER iomcso

ENV STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/data/media \
    PORT=8000
# Bind address, workers (WEB_CONCURRENCY) and the access log format: gunicorn.conf.py.
EXPOSE 8000

CMD ["gunicorn", "iomcso.wsgi:application"]
