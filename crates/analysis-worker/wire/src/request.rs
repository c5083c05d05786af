//! Reading and writing the requests (widget to worker); the layout is in the crate's docs.

use super::*;

impl Request {
    /// The header of this request (see the module docs).
    pub fn header(&self) -> [u8; REQUEST_HEADER] {
        // Byte 2: the kind (0 document, 1 selfie), or for a picture its image type.
        let (what, id, kind, flag, size) = match self {
            Request::PrepareFaces => (1, 0, kind_code(Kind::Document), false, (0, 0)),
            Request::Analyse {
                id,
                kind,
                faces,
                frame,
            } => (2, *id, kind_code(*kind), *faces, (frame.width, frame.height)),
            Request::CheckPicture {
                id,
                image,
                framed,
                picture,
            } => (
                3,
                *id,
                image_code(*image),
                *framed,
                (picture.width, picture.height),
            ),
            Request::AnalyseVideoFrame {
                id,
                kind,
                faces,
                width,
                height,
            } => (4, *id, kind_code(*kind), *faces, (*width, *height)),
        };
        let mut h = [0u8; REQUEST_HEADER];
        h[0] = VERSION;
        h[1] = what;
        h[2] = kind;
        h[3] = u8::from(flag);
        h[4..8].copy_from_slice(&id.to_le_bytes());
        h[8..12].copy_from_slice(&size.0.to_le_bytes());
        h[12..16].copy_from_slice(&size.1.to_le_bytes());
        h
    }

    /// The pixels that follow the header (none for [`Request::PrepareFaces`]).
    pub fn pixels(&self) -> &[u8] {
        match self {
            Request::PrepareFaces | Request::AnalyseVideoFrame { .. } => &[],
            Request::Analyse { frame, .. } => &frame.data,
            Request::CheckPicture { picture, .. } => &picture.data,
        }
    }

    /// The whole message: the header, then the pixels.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(REQUEST_HEADER + self.pixels().len());
        bytes.extend_from_slice(&self.header());
        bytes.extend_from_slice(self.pixels());
        bytes
    }

    /// Reads a message made by [`Request::encode`] (taking its bytes: the pixels are not copied
    /// again). The id, when it can be read, comes with the error so that it can be answered.
    pub fn decode(mut bytes: Vec<u8>) -> Result<Request, (u32, WireError)> {
        if bytes.len() < REQUEST_HEADER {
            return Err((0, WireError::Short));
        }
        let id = u32_at(&bytes, 4);
        let fail = |e| Err((id, e));
        if bytes[0] != VERSION {
            return fail(WireError::Version(bytes[0]));
        }
        let what = bytes[1];
        let flag = match bytes[3] {
            0 => false,
            1 => true,
            _ => return fail(WireError::Code(3)),
        };
        // Byte 2: a picture's image type, else a kind.
        let (image, kind) = match (what, bytes[2]) {
            (3, code) => match ImageType::ALL.get(usize::from(code)) {
                Some(&image) => (image, Kind::of(image)),
                None => return fail(WireError::Code(2)),
            },
            (_, 0) => (ImageType::DocumentFront, Kind::Document),
            (_, 1) => (ImageType::Selfie, Kind::Selfie),
            _ => return fail(WireError::Code(2)),
        };
        let (width, height) = (u32_at(&bytes, 8), u32_at(&bytes, 12));
        if what == 1 {
            return Ok(Request::PrepareFaces);
        }
        if what == 4 {
            if bytes.len() != REQUEST_HEADER {
                return fail(WireError::Pixels);
            }
            return Ok(Request::AnalyseVideoFrame {
                id,
                kind,
                faces: flag,
                width,
                height,
            });
        }
        if what != 2 && what != 3 {
            return fail(WireError::Code(1));
        }
        bytes.drain(..REQUEST_HEADER);
        let Ok(picture) = LumaImage::new(width, height, bytes) else {
            return fail(WireError::Pixels);
        };
        Ok(if what == 2 {
            Request::Analyse {
                id,
                kind,
                faces: flag,
                frame: picture,
            }
        } else {
            Request::CheckPicture {
                id,
                image,
                framed: flag,
                picture,
            }
        })
    }
}

/// Byte 2 of a request about a kind.
fn kind_code(kind: Kind) -> u8 {
    u8::from(kind == Kind::Selfie)
}

/// Byte 2 of a picture's check: the image type's index in [`ImageType::ALL`].
fn image_code(image: ImageType) -> u8 {
    ImageType::ALL
        .iter()
        .position(|&t| t == image)
        .map_or(0, |i| i as u8)
}
