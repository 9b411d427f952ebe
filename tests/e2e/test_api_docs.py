"""The content API's docs page works in a real browser under the site's Content-Security-Policy.

Swagger UI is django-ninja's own copy (no CDN); its settings travel in a JSON
data block, not an inline script. The page watch fails the test on any CSP
violation, failed load or script error.
"""

import pytest
from playwright.sync_api import expect

from articles.tests.factories import make_article

pytestmark = pytest.mark.browser


def test_the_api_docs_render_every_operation_without_a_policy_violation(page, live_server, transactional_db):
    make_article(title="Envoy lands", slug="envoy-lands")
    response = page.goto("/api/v1/docs")
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    expect(page.locator(".swagger-ui .opblock-summary-path").first).to_be_visible(timeout=20_000)
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert "/api/v1/articles" in [path.strip() for path in paths]
    assert "/api/v1/articles/{article_id}/comments" in [path.replace("\u200b", "").strip() for path in paths]
    # Every file the page loaded came from this site.
    origins = page.evaluate("performance.getEntriesByType('resource').map(entry => new URL(entry.name).origin)")
    assert set(origins) <= {live_server.url}
