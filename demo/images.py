"""Abstract featured images for the demo articles, drawn with Pillow.

Each image is a diagonal gradient in its section's colour with a few soft
circles, bands and rings on top. The drawing is seeded by the article's slug,
so the same article always gets the same picture and a re-run of the seed
can tell an image apart from a regenerated one by its bytes alone.
"""

import functools
import io
import random

from PIL import Image, ImageColor, ImageDraw

WIDTH, HEIGHT = 1200, 675  # 16:9, the shape the cards and the article page crop to


def _mix(colour, other, amount):
    return tuple(round(a + (b - a) * amount) for a, b in zip(colour, other, strict=True))


# A pure function: a process that seeds more than once (the test suite) draws each image once.
@functools.lru_cache(maxsize=64)
def render_featured_image(seed: str, colour: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> bytes:
    """A JPEG of `size`, the same bytes for the same seed and colour."""
    rng = random.Random(seed)
    width, height = size
    base = ImageColor.getrgb(colour)
    dark = _mix(base, (8, 12, 24), 0.55)
    light = _mix(base, (255, 255, 255), rng.uniform(0.18, 0.38))

    # The gradient: a greyscale ramp, turned to a random angle, blends dark into light.
    ramp = Image.linear_gradient("L").rotate(rng.uniform(0, 360), resample=Image.Resampling.BICUBIC, expand=True)
    ramp = ramp.crop((ramp.width // 4, ramp.height // 4, ramp.width * 3 // 4, ramp.height * 3 // 4))
    mask = ramp.resize(size, Image.Resampling.BICUBIC)
    image = Image.composite(Image.new("RGB", size, light), Image.new("RGB", size, dark), mask).convert("RGBA")

    # Shapes are drawn at half size and scaled up: cheaper than a blur, and it softens their edges.
    width, height = width // 2, height // 2
    shapes = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    accent = _mix(base, (255, 214, 102), 0.6)
    for _ in range(rng.randint(3, 5)):
        radius = rng.randint(height // 6, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = _mix(base, (255, 255, 255), rng.uniform(0.3, 0.8))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(*tint, rng.randint(40, 90)))
    for _ in range(rng.randint(1, 2)):
        top = rng.randint(-height // 3, height)
        slope = rng.randint(-height // 2, height // 2)
        thickness = rng.randint(height // 12, height // 5)
        band = [(0, top), (width, top + slope), (width, top + slope + thickness), (0, top + thickness)]
        draw.polygon(band, fill=(*accent, rng.randint(35, 70)))
    radius = rng.randint(height // 8, height // 4)
    x, y = rng.randint(width // 5, width * 4 // 5), rng.randint(height // 5, height * 4 // 5)
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), outline=(255, 255, 255, 150), width=max(2, width // 240)
    )

    image = Image.alpha_composite(image, shapes.resize(size, Image.Resampling.BICUBIC)).convert("RGB")
    output = io.BytesIO()
    image.save(output, "JPEG", quality=82, optimize=True, progressive=True)
    return output.getvalue()
