# Production image: Python dependencies from the lock file, GOV.UK Frontend built with npm.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      nodejs npm libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml uv.lock package.json package-lock.json ./
RUN pip install --no-cache-dir uv && UV_PROJECT_ENVIRONMENT=/usr/local uv sync --frozen --no-dev && npm ci --no-audit --no-fund
COPY . .
RUN mkdir -p var && node frontend/build.mjs
RUN useradd --system sendcpp && chown -R sendcpp /app
USER sendcpp
EXPOSE 8000
