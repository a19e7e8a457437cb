"""Print colour: the CMYK output profile, screen colours in CMYK, and images converted to it.

The print edition is PDF/X-4 with a FOGRA39 output intent, so everything it draws must be
CMYK or grey. Three kinds of input need converting:

- the design's colours (CSS): a fixed print palette in templates/css/print.css, computed
  here from the screen palette in book.css (`print_palette`);
- SVG drawings (the cover, contributors' diagrams): `svg_to_cmyk` rewrites every colour
  into `device-cmyk()`, which WeasyPrint writes as DeviceCMYK;
- photos and other raster images: `raster_to_cmyk` makes a CMYK JPEG.

Text and hairlines use black ink only ("K only"): four inks for small text smear at the
slightest misregistration, and black text in four inks is what printers reject first.
"""

from __future__ import annotations

import functools
import io
import math
import re
from pathlib import Path
from typing import Any, NamedTuple

from PIL import Image, ImageCms, ImageOps

from workbook.base.design import DEFAULT_TEMPLATES
from workbook.render.print.pdfx import OutputCondition

PROFILE_PATH = DEFAULT_TEMPLATES / "color" / "werkboek-fogra39.icc"
JPEG_QUALITY = 92
# Below this chroma (CIE Lab, relative to paper white) a colour counts as grey and is
# printed with black ink only: 3 is about the smallest hue anyone notices on paper.
NEUTRAL_CHROMA = 3.0


class Cmyk(NamedTuple):
    """Ink coverage in whole percent, as printers write it."""

    c: int
    m: int
    y: int
    k: int

    def css(self) -> str:
        return f"device-cmyk({self.c}% {self.m}% {self.y}% {self.k}%)"


@functools.cache
def profile_bytes(path: Path = PROFILE_PATH) -> bytes:
    return path.read_bytes()


@functools.cache
def _cmyk_profile(path: Path = PROFILE_PATH) -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(io.BytesIO(profile_bytes(path)))


def profile_description(path: Path = PROFILE_PATH) -> str:
    return ImageCms.getProfileDescription(_cmyk_profile(path)).strip()


def output_condition() -> OutputCondition:
    """FOGRA39, as registered by the ICC, with the bundled profile built from its data."""
    return OutputCondition(
        identifier="FOGRA39",
        condition=(
            "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 "
            "= coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)"
        ),
        info=profile_description(),
        profile=profile_bytes(),
    )


@functools.cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@functools.cache
def _lab() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB", 5000))


@functools.cache
def _vector_transform() -> ImageCms.ImageCmsTransform:
    """sRGB → print for flat colours: relative colorimetric with black point compensation,
    the conversion a designer's "convert to profile" uses for brand colours."""
    return ImageCms.buildTransform(
        _srgb(),
        _cmyk_profile(),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )


@functools.cache
def _srgb_to_lab() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(
        _srgb(), _lab(), "RGB", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC
    )


@functools.cache
def _black_ink_lightness() -> tuple[float, ...]:
    """L* of black ink alone at 0, 1, …, 100 %, printed on the profile's paper."""
    patches = Image.new("CMYK", (101, 1))
    patches.putdata([(0, 0, 0, round(k * 255 / 100)) for k in range(101)])
    to_lab = ImageCms.buildTransform(
        _cmyk_profile(),
        _lab(),
        "CMYK",
        "LAB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
    lab = ImageCms.applyTransform(patches, to_lab)
    assert lab is not None
    return tuple(lab.getpixel((k, 0))[0] * 100 / 255 for k in range(101))  # type: ignore[index]


def srgb_lab(rgb: tuple[int, int, int]) -> tuple[float, float, float]:
    """CIE Lab (D50) of an sRGB colour."""
    lab = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _srgb_to_lab())
    assert lab is not None
    lightness, a, b = lab.getpixel((0, 0))  # type: ignore[misc]
    # Pillow's LAB mode stores L* scaled to 0–255, and a* and b* offset by 128.
    return lightness * 100 / 255, a - 128, b - 128


def through_profile(rgb: tuple[int, int, int]) -> Cmyk:
    """An sRGB colour as the profile prints it (all four inks as the profile chooses)."""
    out = ImageCms.applyTransform(Image.new("RGB", (1, 1), rgb), _vector_transform())
    assert out is not None
    pixel: tuple[int, int, int, int] = out.getpixel((0, 0))  # type: ignore[assignment]
    c, m, y, k = (round(v * 100 / 255) for v in pixel)
    return Cmyk(c, m, y, k)


def black_only(rgb: tuple[int, int, int]) -> Cmyk:
    """The tint of black ink alone that is as light as the colour (same L*)."""
    target = srgb_lab(rgb)[0]
    ramp = _black_ink_lightness()
    k = min(range(101), key=lambda i: abs(ramp[i] - target))
    return Cmyk(0, 0, 0, k)


def print_ink(rgb: tuple[int, int, int]) -> Cmyk:
    """A grey in black only, any other colour through the profile."""
    if rgb == (255, 255, 255):
        return Cmyk(0, 0, 0, 0)
    _, a, b = srgb_lab(rgb)
    return black_only(rgb) if math.hypot(a, b) < NEUTRAL_CHROMA else through_profile(rgb)


def hex_rgb(value: str) -> tuple[int, int, int]:
    digits = value.lstrip("#")
    if len(digits) in (3, 4):
        digits = "".join(d * 2 for d in digits[:3])
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


# --- the print palette -------------------------------------------------------------------

# Colours in book.css that are text or hairlines: black ink only, whatever their hue. The
# body text colour is solid black: a 99 % tint would be screened, with ragged letters.
BLACK_ONLY_COLOURS = frozenset({"ink", "muted", "rule", "write-in"})
SOLID_BLACK_COLOURS = frozenset({"ink"})
_ROOT_VARIABLE = re.compile(r"--([a-z0-9-]+)\s*:\s*(#[0-9a-fA-F]{3,8})\s*;")


def screen_palette(book_css: str) -> dict[str, str]:
    """The colour variables of the design's `:root` rule: name → hex."""
    root = re.search(r":root\s*\{(.*?)\}", book_css, re.DOTALL)
    return dict(_ROOT_VARIABLE.findall(root.group(1))) if root else {}


def print_palette(book_css: str) -> dict[str, Cmyk]:
    """The CMYK value of every screen colour: text colours in black only, the others
    through the profile."""
    palette = {}
    for name, value in screen_palette(book_css).items():
        rgb = hex_rgb(value)
        if name in SOLID_BLACK_COLOURS:
            palette[name] = Cmyk(0, 0, 0, 100)
        elif name in BLACK_ONLY_COLOURS:
            palette[name] = black_only(rgb)
        else:
            palette[name] = print_ink(rgb)
    return palette


def palette_css(book_css: str) -> str:
    """The `:root` rule of print.css: one line per colour, with its screen value."""
    screen = screen_palette(book_css)
    lines = [":root {"]
    for name, ink in print_palette(book_css).items():
        lines.append(f"  --{name}: {ink.css()}; /* {screen[name]} */")
    lines.append("}")
    return "\n".join(lines)


# --- SVG drawings ------------------------------------------------------------------------

_COLOUR_PROPERTIES = ("fill", "stroke", "stop-color", "flood-color", "lighting-color", "color")
_SVG = "{http://www.w3.org/2000/svg}svg"


def css_colour_to_cmyk(value: str) -> str | None:
    """`device-cmyk()` for a CSS colour (hex, rgb(), hsl(), a name); None when `value` is
    not a plain colour (none, currentColor, url(#…), already device-cmyk)."""
    import tinycss2.color5

    colour = tinycss2.color5.parse_color(value.strip())
    if colour is None or isinstance(colour, str) or colour.space == "device-cmyk":
        return None
    srgb = colour.to("srgb")
    rgb = tuple(max(0, min(255, round((v or 0) * 255))) for v in srgb.coordinates)
    text = print_ink((rgb[0], rgb[1], rgb[2])).css()
    if colour.alpha < 1:
        text = text[:-1] + f" / {colour.alpha:g})"
    return text


def _convert_declarations(text: str) -> str:
    """Colours in a `style` attribute or a <style> rule's declarations."""

    def one(match: re.Match[str]) -> str:
        converted = css_colour_to_cmyk(match.group(3))
        return match.group(0) if converted is None else f"{match.group(1)}{converted}"

    names = "|".join(_COLOUR_PROPERTIES)
    return re.sub(
        rf"((?<![\w-])({names})\s*:\s*)([^;{{}}!]+?)(?=\s*(!important)?\s*(;|}}|$))",
        one,
        text,
        flags=re.IGNORECASE,
    )


def svg_to_cmyk(data: bytes) -> bytes:
    """The SVG with every colour in fill, stroke, stop-color, flood-color, lighting-color
    and color (attributes, style attributes, <style> sheets) as `device-cmyk()`.

    Black is given explicitly on the root for shapes that set no fill, since SVG's implicit
    black would otherwise be drawn as RGB. Gradients become their average colour: WeasyPrint
    70 writes gradient stops as three-component (RGB) functions whatever the colour space,
    which no CMYK file may contain. Input that does not parse is returned as it is: the
    checks refuse broken SVG before a build, and the renderer shows nothing for it.
    """
    import lxml.etree as etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return data
    if root.tag != _SVG:
        return data
    _flatten_gradients(root)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in _COLOUR_PROPERTIES:
            value = element.get(name)
            converted = css_colour_to_cmyk(value) if value else None
            if converted is not None:
                element.set(name, converted)
        style = element.get("style")
        if style:
            element.set("style", _convert_declarations(style))
        if etree.QName(element).localname == "style" and element.text:
            element.text = _convert_declarations(element.text)
    black = Cmyk(0, 0, 0, 100).css()
    for name in ("fill", "color"):
        if root.get(name) is None:
            root.set(name, black)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))


def _flatten_gradients(root: Any) -> None:
    """Every url(#gradient) paint replaced by the average colour of the gradient's stops."""
    import lxml.etree as etree
    import tinycss2.color5

    averages: dict[str, str] = {}
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for element in elements:
        if etree.QName(element).localname not in ("linearGradient", "radialGradient"):
            continue
        colours = []
        for stop in element:
            if not isinstance(stop.tag, str) or etree.QName(stop).localname != "stop":
                continue
            declared = re.search(r"stop-color\s*:\s*([^;]+)", stop.get("style", ""))
            value = declared.group(1) if declared else stop.get("stop-color", "black")
            colour = tinycss2.color5.parse_color(value.strip())
            if colour is not None and not isinstance(colour, str):
                colours.append(colour.to("srgb").coordinates)
        if colours and element.get("id"):
            mean = [sum((c[i] or 0) for c in colours) / len(colours) for i in range(3)]
            averages[element.get("id")] = "#" + "".join(
                f"{max(0, min(255, round(v * 255))):02x}" for v in mean
            )
    if not averages:
        return
    pattern = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)")

    def flat(text: str) -> str:
        return pattern.sub(lambda m: averages.get(m.group(1), m.group(0)), text)

    for element in elements:
        for name in ("fill", "stroke", "style"):
            value = element.get(name)
            if value and "url(" in value:
                element.set(name, flat(value))
        if etree.QName(element).localname == "style" and element.text:
            element.text = flat(element.text)


# --- raster images -----------------------------------------------------------------------


def raster_to_cmyk(data: bytes) -> bytes:
    """A PNG or JPEG for the print edition: colour as a CMYK JPEG for the print profile
    (perceptual rendering, which keeps the gradations of out-of-gamut photo colours), grey
    as a greyscale image (black ink only). A transparent background becomes paper white; a
    JPEG that is CMYK or greyscale already is returned unchanged.

    The image's own ICC profile is the source when it has one (a phone photo in Display
    P3), else sRGB, which is what the screen edition shows.
    """
    with Image.open(io.BytesIO(data)) as opened:
        if opened.format == "JPEG" and opened.mode in ("L", "CMYK"):
            return data
        opened.load()
        source = _embedded_profile(opened.info.get("icc_profile"))
        image = ImageOps.exif_transpose(opened) or opened
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, (255, 255, 255))
            image.paste(rgba, mask=rgba.getchannel("A"))
        elif image.mode != "RGB":
            image = image.convert("RGB")
        out = io.BytesIO()
        if _is_grey(image):
            image.convert("L").save(out, "PNG")
            return out.getvalue()
        converted = ImageCms.profileToProfile(
            image,
            source,
            _cmyk_profile(),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="CMYK",
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
        )
        assert converted is not None
        converted.save(out, "JPEG", quality=JPEG_QUALITY)
        return out.getvalue()


def _embedded_profile(raw: object) -> ImageCms.ImageCmsProfile:
    if isinstance(raw, bytes) and raw:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(raw))
        except (OSError, ImageCms.PyCMSError):
            return _srgb()
        if profile.profile.xcolor_space.strip() == "RGB":
            return profile
    return _srgb()


def _is_grey(image: Image.Image) -> bool:
    """An RGB image whose three channels are identical (a scan saved as colour)."""
    red, green, blue = image.split()
    return red.tobytes() == green.tobytes() == blue.tobytes()


# --- the fetcher hook --------------------------------------------------------------------


def print_transform(data: bytes, media_type: str) -> tuple[bytes, str]:
    """What the print edition's fetcher does to what it reads: SVG and raster images to
    CMYK, anything else unchanged."""
    if media_type == "image/svg+xml":
        return svg_to_cmyk(data), media_type
    if media_type in ("image/png", "image/jpeg"):
        try:
            converted = raster_to_cmyk(data)
        except (OSError, ValueError, SyntaxError, ImageCms.PyCMSError):
            # Unreadable pixels: the renderer reports the image itself, and the preflight
            # reports any colour that stays RGB.
            return data, media_type
        return converted, "image/jpeg" if converted.startswith(b"\xff\xd8") else "image/png"
    return data, media_type
