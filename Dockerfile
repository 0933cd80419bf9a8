FROM python:3.11-slim

# Production settings unless told otherwise: DEBUG off, and the settings refuse to start without a
# SECRET_KEY of the deployment's own (the development key is refused too), EMAIL_URL and PORTAL_BASE_URL.
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 STATIC_ROOT=/app/staticfiles DEBUG=false
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN useradd --create-home --uid 1000 portal \
    && mkdir -p /data/media /data/var \
    && chown -R portal /data \
    && SECRET_KEY=collectstatic-only EMAIL_URL=console:// PORTAL_BASE_URL=http://localhost \
       python manage.py collectstatic --noinput -v0

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000"]
