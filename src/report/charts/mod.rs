//! Charts, drawn with plotters from result files alone (never from model
//! internals), so `zopa plot` can redraw every chart from the JSON next to it.
//!
//! Every chart implements [`Chart`] (name, title, one-sentence reading, size,
//! a draw function generic over the plotters backend) and every kind is listed
//! once in [`registry::ChartKind::ALL`]: the output-directory policy, the
//! report and `zopa plot` take chart names only from there. [`render`] turns a
//! chart into SVG text or PNG bytes in memory (callers decide where files go).
//! Shared look: [`theme`].

pub mod backtest;
pub mod compare;
pub mod concession;
pub mod labels;
pub mod pair;
pub mod proposals;
mod readings;
pub mod registry;
pub mod rounds;
pub mod sweep;
pub mod theme;
pub mod tornado;
pub mod utilities;
pub mod zones;

use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::sync::OnceLock;
use theme::{ChartResult, failed};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// A chart: what it is called, what it says, and how it is drawn from its
/// data (a run's [`Summary`](crate::summary::Summary), a `compare.json`, a
/// `sweep.json` or a `sensitivity.json`).
pub trait Chart {
    /// What the chart is drawn from.
    type Data;

    /// Its kind in the registry.
    fn kind(&self) -> registry::ChartKind;

    /// The file stem, e.g. `zones` or `zone_territory_sanctions`.
    fn name(&self) -> String;

    /// The heading the report gives it.
    fn title(&self, data: &Self::Data) -> String;

    /// One sentence saying what to read from it.
    fn reading(&self, data: &Self::Data) -> String;

    /// Pixel size.
    fn size(&self, data: &Self::Data) -> (u32, u32);

    /// Draws it on any plotters backend.
    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        data: &Self::Data,
    ) -> ChartResult;
}

/// PNG pixels per SVG unit: 2 gives crisp charts in documents and on slides.
pub const PNG_SCALE: f32 = 2.0;

/// The most pixels a PNG chart has: a chart whose height grows with the
/// scenario (a row per actor and proposal) is rasterised at a smaller scale
/// beyond it. The pixmap takes 4 bytes a pixel, so at most 64 MB per chart
/// being rasterised; the proposals chart of 8,000 actors (1,200 × 152,235
/// units) took 5.4 GB at twice its size. The default charts (at most 2,400
/// × 2,000 pixels) stay well under it.
pub const MAX_PNG_PIXELS: f64 = 16e6;

/// The PNG pixels per SVG unit for a chart of `width` × `height` units:
/// [`PNG_SCALE`], or less to keep within [`MAX_PNG_PIXELS`].
pub fn png_scale(width: f32, height: f32) -> f32 {
    let area = f64::from(width) * f64::from(height) * f64::from(PNG_SCALE).powi(2);
    if area <= MAX_PNG_PIXELS {
        PNG_SCALE
    } else {
        // A hair under the exact ratio, so rounding the pixel size up
        // cannot cross the limit.
        (f64::from(PNG_SCALE) * (MAX_PNG_PIXELS / area).sqrt() * 0.999) as f32
    }
}

/// Rasterises SVG text to PNG bytes with the bundled font, at [`png_scale`].
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, String> {
    static OPTIONS: OnceLock<resvg::usvg::Options<'static>> = OnceLock::new();
    let options = OPTIONS.get_or_init(|| {
        let mut options = resvg::usvg::Options::default();
        let fonts = options.fontdb_mut();
        fonts.load_font_data(theme::REGULAR_FONT.to_vec());
        fonts.load_font_data(theme::BOLD_FONT.to_vec());
        fonts.set_sans_serif_family("DejaVu Sans");
        options.font_family = "DejaVu Sans".into();
        options
    });
    let tree = resvg::usvg::Tree::from_str(svg, options)
        .map_err(|err| format!("cannot read the chart's SVG: {err}"))?;
    let (width, height) = (tree.size().width(), tree.size().height());
    let scale = png_scale(width, height);
    let pixels = |units: f32| (units * scale).ceil().max(1.0) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(pixels(width), pixels(height))
        .ok_or("chart too large for a PNG")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap).map_err(|err| format!("cannot encode PNG: {err}"))
}

/// PNG bytes of a pixmap drawn on white (every pixel opaque): RGB without the
/// alpha channel, the Paeth filter and deflate level 1. Chosen on the
/// flagship's default run (2 threads, three runs each, wall time and the five
/// PNGs' size): the `png` crate's default 0.61 s and 0.64 MB, this 0.47 s and
/// 1.06 MB, its fastest mode 0.45 s and 1.52 MB. Rows are converted one at a
/// time, so no second copy of the image is held.
fn encode_png(pixmap: &resvg::tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_deflate_compression(png::DeflateCompression::Level(1));
        encoder.set_filter(png::Filter::Paeth);
        let mut writer = encoder.write_header()?;
        let mut stream = writer.stream_writer()?;
        let mut row = Vec::with_capacity(pixmap.width() as usize * 3);
        for pixels in pixmap.data().chunks_exact(pixmap.width() as usize * 4) {
            row.clear();
            row.extend(
                pixels
                    .chunks_exact(4)
                    .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]]),
            );
            std::io::Write::write_all(&mut stream, &row)?;
        }
        stream.finish()?;
        writer.finish()?;
    }
    Ok(bytes)
}

/// A chart as SVG text. Text asks for DejaVu Sans first, the font its layout
/// was measured with, then the viewer's sans-serif.
pub fn svg<C: Chart>(chart: &C, data: &C::Data) -> Result<String, String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, chart.size(data)).into_drawing_area();
        chart.draw(&root, data)?;
        root.present().map_err(failed)?;
    }
    Ok(out.replace(
        "font-family=\"sans-serif\"",
        "font-family=\"DejaVu Sans, Verdana, sans-serif\"",
    ))
}

/// A chart in `format`: SVG text, or the SVG rasterised at [`PNG_SCALE`]
/// times its size with text laid out from the bundled font only.
pub fn render<C: Chart>(chart: &C, data: &C::Data, format: Format) -> Result<Vec<u8>, String> {
    let svg = svg(chart, data)?;
    match format {
        Format::Svg => Ok(svg.into_bytes()),
        Format::Png => svg_to_png(&svg),
    }
}

/// A chart in each of `formats`, as `(file name, bytes)`, drawn once.
pub fn files<C: Chart>(
    chart: &C,
    data: &C::Data,
    formats: &[Format],
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let name = chart.name();
    let named = |err: String| format!("chart `{name}`: {err}");
    let svg = svg(chart, data).map_err(named)?;
    formats
        .iter()
        .map(|&format| {
            let bytes = match format {
                Format::Svg => svg.clone().into_bytes(),
                Format::Png => svg_to_png(&svg).map_err(named)?,
            };
            Ok((format!("{name}.{}", format.extension()), bytes))
        })
        .collect()
}
