//! Charts, drawn with plotters from a run's summary alone (never from model
//! internals), so `zopa plot` can redraw them from `summary.json`.
//!
//! Each chart is a module with `size(&Summary)` and a `draw` generic over the
//! plotters backend; [`render`] turns one into SVG text or PNG bytes in memory
//! (callers decide where files go). Shared look: [`theme`].

pub mod compare;
pub mod labels;
pub mod pair;
pub mod proposals;
pub mod rounds;
pub mod sweep;
pub mod theme;
pub mod tornado;
pub mod utilities;
pub mod zones;

use crate::report::summary_file::Summary;
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

/// A chart: its file stem, size and drawing function.
pub struct Chart<'a> {
    /// File name without extension, e.g. `zones` or `zone_territory_sanctions`.
    pub name: String,
    pub size: (u32, u32),
    draw: Box<dyn Fn(Target<'_, '_>) -> ChartResult + 'a>,
}

/// The area charts are drawn on: the SVG backend. Drawing code itself is
/// generic over the plotters backend (tests draw on a bitmap too).
pub type Target<'r, 'b> = &'r DrawingArea<SVGBackend<'b>, Shift>;

/// PNG pixels per SVG unit: 2 gives crisp charts in documents and on slides.
pub const PNG_SCALE: f32 = 2.0;

/// Rasterises SVG text to PNG bytes with the bundled font.
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
    let size = tree
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or("chart too large")?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("chart too large for a PNG")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|err| format!("cannot encode PNG: {err}"))
}

impl<'a> Chart<'a> {
    /// A chart named `name` of `size` pixels, drawn by `draw`.
    pub fn new(
        name: impl Into<String>,
        size: (u32, u32),
        draw: impl Fn(Target<'_, '_>) -> ChartResult + 'a,
    ) -> Chart<'a> {
        Chart {
            name: name.into(),
            size,
            draw: Box::new(draw),
        }
    }

    /// The chart as SVG text. Text asks for DejaVu Sans first, the font its
    /// layout was measured with, then the viewer's sans-serif.
    pub fn svg(&self) -> Result<String, String> {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, self.size).into_drawing_area();
            (self.draw)(&root)?;
            root.present().map_err(failed)?;
        }
        Ok(out.replace(
            "font-family=\"sans-serif\"",
            "font-family=\"DejaVu Sans, Verdana, sans-serif\"",
        ))
    }

    /// The chart as PNG bytes: the SVG rasterised at [`PNG_SCALE`] times its
    /// size, with text laid out from the bundled font only.
    pub fn png(&self) -> Result<Vec<u8>, String> {
        svg_to_png(&self.svg()?)
    }

    /// The chart in `format`.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, String> {
        match format {
            Format::Svg => self.svg().map(String::into_bytes),
            Format::Png => self.png(),
        }
    }
}

/// Every chart the summary has data for, in reading order.
pub fn charts(summary: &Summary) -> Vec<Chart<'_>> {
    let mut all = Vec::new();
    all.push(Chart::new("zones", zones::size(summary), |area| {
        zones::draw(area, summary)
    }));
    let pairs = summary
        .charts
        .as_ref()
        .map(|c| c.pairs.clone())
        .unwrap_or_default();
    for (x, y) in pairs {
        if pair::find(summary, &x, &y).is_some() {
            let name = format!("zone_{x}_{y}");
            all.push(Chart::new(name, pair::size(), move |area| {
                pair::draw(area, summary, &x, &y)
            }));
        }
    }
    if summary.utilities.is_some() {
        all.push(Chart::new("utilities", utilities::size(), |area| {
            utilities::draw(area, summary)
        }));
    }
    if !summary.proposals.is_empty() {
        all.push(Chart::new("proposals", proposals::size(summary), |area| {
            proposals::draw(area, summary)
        }));
    }
    if summary.rounds.is_some() {
        all.push(Chart::new("rounds", rounds::size(), |area| {
            rounds::draw(area, summary)
        }));
    }
    all
}
