# Production image: Python dependencies from the lock file, GOV.UK Frontend built with npm.
# One image for every role: web (gunicorn), worker, beat and the one-off migrate (see
# docker-compose.yml); the command chooses the role.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      nodejs npm libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-liberation \
      postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock package.json package-lock.json ./
RUN pip install --no-cache-dir uv && UV_PROJECT_ENVIRONMENT=/usr/local uv sync --frozen --no-dev && npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p var && node frontend/build.mjs \
    && DJANGO_SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
       python manage.py collectstatic --no-input
RUN useradd --system sendcpp && mkdir -p /var/lib/sendcpp/documents \
    && chown -R sendcpp /app /var/lib/sendcpp
USER sendcpp
ENV DJANGO_SETTINGS_MODULE=sendcpp.settings.base PYTHONUNBUFFERED=1 LOG_FORMAT=json
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/healthz', timeout=4)"
CMD ["gunicorn", "sendcpp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-class", "gthread", "--threads", "4", "--timeout", "60"]
