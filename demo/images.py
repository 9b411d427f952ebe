"""Abstract featured images for the demo articles, drawn with Pillow.

Each image is a diagonal gradient in its section's colour with a few soft
circles, bands and rings on top. The drawing is seeded by the article's slug,
so the same article always gets the same picture and a re-run of the seed
can tell an image apart from a regenerated one by its bytes alone.
`describe_featured_image()` says in words what the same seed draws: the
picture's alt text, which describes the picture, not the story.
"""

import functools
import io
import random
from dataclasses import dataclass

from PIL import Image, ImageColor, ImageDraw

WIDTH, HEIGHT = 1200, 675  # 16:9, the shape the cards and the article page crop to


def _mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


@dataclass(frozen=True)
class _Plan:
    """What one picture is made of, drawn from its seed (sizes are at half the picture's size)."""

    lightness: float
    angle: float
    circles: tuple[tuple[int, int, int, float, int], ...]  # radius, x, y, whiteness, opacity
    bands: tuple[tuple[int, int, int, int], ...]  # top, slope, thickness, opacity
    ring: tuple[int, int, int]  # radius, x, y


def _plan(seed, size):
    rng = random.Random(seed)
    width, height = size[0] // 2, size[1] // 2
    lightness = rng.uniform(0.18, 0.38)
    angle = rng.uniform(0, 360)
    circles = tuple(
        (
            rng.randint(height // 6, height // 2),
            rng.randint(0, width),
            rng.randint(0, height),
            rng.uniform(0.3, 0.8),
            rng.randint(40, 90),
        )
        for _ in range(rng.randint(3, 5))
    )
    bands = tuple(
        (
            rng.randint(-height // 3, height),
            rng.randint(-height // 2, height // 2),
            rng.randint(height // 12, height // 5),
            rng.randint(35, 70),
        )
        for _ in range(rng.randint(1, 2))
    )
    ring = (
        rng.randint(height // 8, height // 4),
        rng.randint(width // 5, width * 4 // 5),
        rng.randint(height // 5, height * 4 // 5),
    )
    return _Plan(lightness, angle, circles, bands, ring)


NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def describe_featured_image(seed: str, colour_name: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> str:
    """The alt text of the picture `render_featured_image(seed, …)` draws: what it shows."""
    plan = _plan(seed, size)
    circles = f"{NUMBERS[len(plan.circles)]} soft, pale circles"
    bands = "a translucent golden band" if len(plan.bands) == 1 else "two translucent golden bands"
    return (
        f"Abstract illustration on a {colour_name} gradient, dark to light: {circles}, "
        f"{bands} across it and a thin white ring."
    )


# A pure function: a process that seeds more than once (the test suite) draws each image once.
@functools.lru_cache(maxsize=64)
def render_featured_image(seed: str, colour: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> bytes:
    """A JPEG of `size`, the same bytes for the same seed and colour."""
    plan = _plan(seed, size)
    width, height = size
    base = ImageColor.getrgb(colour)
    dark = _mix(base, (8, 12, 24), 0.55)
    light = _mix(base, (255, 255, 255), plan.lightness)

    # The gradient: a greyscale ramp, turned to a random angle, blends dark into light.
    ramp = Image.linear_gradient("L").rotate(plan.angle, resample=Image.Resampling.BICUBIC, expand=True)
    ramp = ramp.crop((ramp.width // 4, ramp.height // 4, ramp.width * 3 // 4, ramp.height * 3 // 4))
    mask = ramp.resize(size, Image.Resampling.BICUBIC)
    image = Image.composite(Image.new("RGB", size, light), Image.new("RGB", size, dark), mask).convert("RGBA")

    # Shapes are drawn at half size and scaled up: cheaper than a blur, and it softens their edges.
    width, height = width // 2, height // 2
    shapes = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    accent = _mix(base, (255, 214, 102), 0.6)
    for radius, x, y, whiteness, opacity in plan.circles:
        tint = _mix(base, (255, 255, 255), whiteness)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*tint, opacity))
    for top, slope, thickness, opacity in plan.bands:
        band = [(0, top), (width, top + slope), (width, top + slope + thickness), (0, top + thickness)]
        draw.polygon(band, fill=(*accent, opacity))
    radius, x, y = plan.ring
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=(255, 255, 255, 150), width=max(2, width // 240)
    )

    image = Image.alpha_composite(image, shapes.resize(size, Image.Resampling.BICUBIC)).convert("RGB")
    output = io.BytesIO()
    image.save(output, "JPEG", quality=82, optimize=True, progressive=True)
    return output.getvalue()
