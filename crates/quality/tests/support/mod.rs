//! Shared by the integration tests: the real photographs and a tiny deterministic generator.

use kyc_quality::synth::RgbImage;

/// The real photographs in `../shared/testdata/faces` (see its README), as RGB.
pub fn photos() -> Vec<RgbImage> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/testdata/faces");
    [
        "astronaut.png",
        "cameraman.png",
        "no-face-cat.png",
        "no-face-coffee.png",
    ]
    .iter()
    .map(|f| decode_png(&dir.join(f)))
    .collect()
}

fn decode_png(path: &std::path::Path) -> RgbImage {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width, info.height);
    let channels = info.color_type.samples();
    let mut data = Vec::with_capacity((w * h * 3) as usize);
    for px in buf[..info.buffer_size()].chunks(channels) {
        match channels {
            1 | 2 => data.extend([px[0]; 3]),
            _ => data.extend(&px[..3]),
        }
    }
    RgbImage {
        width: w,
        height: h,
        data,
    }
}

/// A small deterministic generator (xorshift).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in 0..1.
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}
