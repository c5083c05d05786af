//! Reading back the Y4M clips the fixtures write for Chromium's fake camera, as the browser
//! shows them: the Y plane of each frame, expanded from limited range (16..235) to full range.

use kyc_quality::LumaImage;

/// The luma of every frame of a `C420jpeg` Y4M clip, in order.
pub fn frames(bytes: &[u8]) -> Vec<LumaImage> {
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap();
    let header = std::str::from_utf8(&bytes[..header_end]).unwrap();
    assert!(
        header.starts_with("YUV4MPEG2 ") && header.contains(" C420jpeg"),
        "{header}"
    );
    let field = |p: char| -> u32 {
        header
            .split(' ')
            .find_map(|f| f.strip_prefix(p))
            .unwrap()
            .parse()
            .unwrap()
    };
    let (w, h) = (field('W'), field('H'));
    let frame_len = 6 + (w * h + 2 * (w / 2) * (h / 2)) as usize;
    let body = &bytes[header_end + 1..];
    assert_eq!(body.len() % frame_len, 0);
    body.chunks(frame_len)
        .map(|frame| {
            assert!(frame.starts_with(b"FRAME\n"));
            let y = frame[6..6 + (w * h) as usize]
                .iter()
                .map(|&v| ((v as f32 - 16.0) * 255.0 / 219.0).round().clamp(0.0, 255.0) as u8)
                .collect();
            LumaImage::new(w, h, y).unwrap()
        })
        .collect()
}
