# The parser compiled to C extensions (Cython) in a stage with a compiler; only the
# extensions and their manifest reach the image (see ingest/native.py).
FROM python:3.11-slim AS parser
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements-build.txt .
RUN pip install --no-cache-dir -r requirements-build.txt
COPY ingest ingest
RUN find ingest -name '*.so' -delete \
    && python -m ingest.compile_parser build --strict \
    && mkdir /out \
    && find ingest \( -name '*.so' -o -name '.native-build.json' \) -print0 | tar --null -cf - -T - | tar -xf - -C /out

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 STATIC_ROOT=/app/staticfiles
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
COPY --from=parser /out/ingest ingest
RUN useradd --create-home --uid 1000 portal \
    && mkdir -p /data/media /data/var \
    && chown -R portal /data \
    && DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0

USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000"]
