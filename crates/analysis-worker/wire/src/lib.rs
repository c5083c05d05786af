//! The messages between the widget (main thread) and its analysis worker, each one
//! `ArrayBuffer` of compact little-endian bytes, transferred (never copied) by `postMessage`.
//!
//! Every message starts with [`VERSION`]: a worker script from another build (a deploy between
//! the page's load and the worker's) is recognised by its first answer and not used.
//!
//! A request (widget to worker), [`Request`]: a 16-byte header, then the pixels; or, to analyse
//! a video frame the page has not read ([`Request::AnalyseVideoFrame`]), a message of two parts,
//! the header alone and the frame (a `VideoFrame`, or an `ImageBitmap` of it), both transferred
//! (the page sends `[header, frame]`; the worker crops, scales and reads it).
//!
//! | bytes  | field                                                                   |
//! |--------|-------------------------------------------------------------------------|
//! | 0      | [`VERSION`]                                                             |
//! | 1      | what: 1 prepare the face model, 2 analyse a live frame, 3 check a picture, 4 analyse the video frame beside |
//! | 2      | kind: 0 document, 1 selfie; for 3, the image: 0 document front, 1 document back, 2 selfie |
//! | 3      | flag: 1 = also check the face (frame) / the card is framed (picture)    |
//! | 4..8   | request id (u32), echoed in the answer                                  |
//! | 8..16  | width, height (u32 each); 0 x 0 and no pixels to prepare the face model; the size of the video frame beside, and no pixels, for 4 |
//! | 16..   | `width * height` luma bytes, row after row                              |
//!
//! An answer (worker to widget), [`Answer`]: a 6-byte header (version, what, request id),
//! then what it carries:
//!
//! | what | answer                    | then                                                  |
//! |------|---------------------------|-------------------------------------------------------|
//! | 0    | the worker is listening   | nothing (its id is 0)                                 |
//! | 1    | a frame's report          | reason, card, face (below)                            |
//! | 2    | a picture's check         | reason, face problem, portrait missing (0 or 1)       |
//! | 3    | the face model is loaded  | nothing (id 0)                                        |
//! | 4    | the face model failed     | nothing (id 0)                                        |
//! | 5    | the request was unreadable| nothing                                               |
//!
//! A reason is one byte: 0 none, else 1 + its index in [`Reason::PRIORITY`]. A card: 0, or
//! 1 then nine f32 (the four corners' x and y, then the cover). A face check: 0, or 1 then the
//! problem (0 none, else 1 + its index in [`PROBLEMS`]), the number of faces (u16) and five
//! f32 per face (x, y, size, score, degrees). A frame report is 1 + 37 + 4 + 20 per face bytes;
//! a picture's check is 3 bytes (the reason, the face problem coded as in a face check, then 1
//! when a document front shows no portrait).

pub use kyc_contract::ImageType;
use kyc_quality::{Card, Face, FaceCheck, FaceProblem, Kind, LumaImage, Reason};

mod request;

/// The version of this encoding, the first byte of every message.
pub const VERSION: u8 = 3;
/// The bytes before a request's pixels.
pub const REQUEST_HEADER: usize = 16;
/// Every face problem, in the order of their codes.
pub const PROBLEMS: [FaceProblem; 7] = [
    FaceProblem::NotFound,
    FaceProblem::MultiFace,
    FaceProblem::TooClose,
    FaceProblem::Cropped,
    FaceProblem::CloseToBorder,
    FaceProblem::TooSmall,
    FaceProblem::Rotated,
];

/// What the analysis of one frame found.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameReport {
    /// `kyc_quality::assess(frame, kind).reason`
    pub reason: Option<Reason>,
    /// `assess(..).metrics.card` (documents), in the analysed frame's pixels
    pub card: Option<Card>,
    /// `kyc_quality::check_face(cascade, frame)`: Some only when faces were asked for AND the
    /// face model is loaded; None otherwise (the caller then judges light/blur only).
    pub face: Option<FaceCheck>,
}

/// A message to the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    /// Fetch and load the face model (once; again is a no-op).
    PrepareFaces,
    /// Analyse a live frame (at the analysis size), also for faces when `faces`.
    Analyse {
        /// Echoed in the answer.
        id: u32,
        /// What the frame should show.
        kind: Kind,
        /// Also run the face check.
        faces: bool,
        /// The frame.
        frame: LumaImage,
    },
    /// Analyse the live video frame sent beside this header (a `VideoFrame` or an
    /// `ImageBitmap`, of `width` x `height`): the worker crops it as [`Request::Analyse`]'s
    /// frames are (`kyc_quality::guide::capture_crop`) and draws the crop at the analysis
    /// size; also for faces when `faces`. The header alone: no pixels.
    AnalyseVideoFrame {
        /// Echoed in the answer.
        id: u32,
        /// What the frame should show.
        kind: Kind,
        /// Also run the face check.
        faces: bool,
        /// The video frame's width.
        width: u32,
        /// The video frame's height.
        height: u32,
    },
    /// Check a picture just taken (any size: the worker prepares it).
    CheckPicture {
        /// Echoed in the answer.
        id: u32,
        /// What the picture is of (a document front must also show its holder's portrait).
        image: ImageType,
        /// The card was framed by the guide (a camera picture, not a chosen file).
        framed: bool,
        /// The picture.
        picture: LumaImage,
    },
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The worker is listening: requests sent before this are lost.
    Listening,
    /// The report of request `id` ([`Request::Analyse`]).
    Report {
        /// The request's id.
        id: u32,
        /// What the frame shows.
        report: FrameReport,
    },
    /// The check of request `id` ([`Request::CheckPicture`]).
    Picture {
        /// The request's id.
        id: u32,
        /// Why the picture is bad, if it is (light, glare, sharpness, the card).
        reason: Option<Reason>,
        /// What is wrong with a selfie's face when that is the service's answer to the
        /// picture (`kyc_quality::selfie_feedback`); `None` when the face is right, was not
        /// checked (the face model is not loaded), or light decides first.
        face: Option<FaceProblem>,
        /// A document front that passed the document checks shows no portrait
        /// (`kyc_quality::portrait_expected`, then `has_portrait`): the service's
        /// `document_face_not_found`. False when it was not looked for (another picture, a
        /// reason already, or the face model is not loaded).
        no_portrait: bool,
    },
    /// The face model is loaded.
    FacesReady,
    /// The face model could not be had.
    FacesFailed,
    /// Request `id` could not be read.
    Unreadable {
        /// The request's id (0 when not even that could be read).
        id: u32,
    },
}

/// Why a message cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireError {
    /// Shorter than its fields.
    Short,
    /// Encoded by another version.
    Version(u8),
    /// An unknown code at the given byte.
    Code(usize),
    /// The pixels do not match the size.
    Pixels,
}

impl Answer {
    /// The message's bytes (see the module docs).
    pub fn encode(&self) -> Vec<u8> {
        let (what, id) = match self {
            Answer::Listening => (0, 0),
            Answer::Report { id, .. } => (1, *id),
            Answer::Picture { id, .. } => (2, *id),
            Answer::FacesReady => (3, 0),
            Answer::FacesFailed => (4, 0),
            Answer::Unreadable { id } => (5, *id),
        };
        let mut out = vec![VERSION, what];
        out.extend_from_slice(&u32::to_le_bytes(id));
        match self {
            Answer::Report { report, .. } => {
                out.push(reason_code(report.reason));
                match &report.card {
                    None => out.push(0),
                    Some(card) => {
                        out.push(1);
                        for (x, y) in card.corners {
                            put_f32s(&mut out, &[x, y]);
                        }
                        put_f32s(&mut out, &[card.cover]);
                    }
                }
                match &report.face {
                    None => out.push(0),
                    Some(check) => {
                        let problem = problem_code(check.problem);
                        let count = check.faces.len().min(usize::from(u16::MAX));
                        out.extend_from_slice(&[1, problem]);
                        out.extend_from_slice(&(count as u16).to_le_bytes());
                        for f in &check.faces[..count] {
                            put_f32s(&mut out, &[f.x, f.y, f.size, f.score, f.degrees]);
                        }
                    }
                }
            }
            Answer::Picture {
                reason,
                face,
                no_portrait,
                ..
            } => {
                out.extend_from_slice(&[reason_code(*reason), problem_code(*face), u8::from(*no_portrait)]);
            }
            _ => {}
        }
        out
    }

    /// Reads a message made by [`Answer::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Answer, WireError> {
        let mut r = Reader { bytes, at: 0 };
        let version = r.u8()?;
        if version != VERSION {
            return Err(WireError::Version(version));
        }
        let what = r.u8()?;
        let id = u32::from_le_bytes([r.u8()?, r.u8()?, r.u8()?, r.u8()?]);
        let answer = match what {
            0 => Answer::Listening,
            1 => Answer::Report {
                id,
                report: FrameReport {
                    reason: r.reason()?,
                    card: r.card()?,
                    face: r.face()?,
                },
            },
            2 => Answer::Picture {
                id,
                reason: r.reason()?,
                face: r.problem()?,
                no_portrait: r.code(1)?.is_some(),
            },
            3 => Answer::FacesReady,
            4 => Answer::FacesFailed,
            5 => Answer::Unreadable { id },
            _ => return Err(WireError::Code(1)),
        };
        if r.at != bytes.len() {
            return Err(WireError::Code(r.at));
        }
        Ok(answer)
    }
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

fn put_f32s(out: &mut Vec<u8>, values: &[f32]) {
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn reason_code(reason: Option<Reason>) -> u8 {
    reason
        .and_then(|r| Reason::PRIORITY.iter().position(|&q| q == r))
        .map_or(0, |i| i as u8 + 1)
}

fn problem_code(problem: Option<FaceProblem>) -> u8 {
    problem
        .and_then(|p| PROBLEMS.iter().position(|&q| q == p))
        .map_or(0, |i| i as u8 + 1)
}

/// Reads an answer's fields in order.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn u8(&mut self) -> Result<u8, WireError> {
        let b = *self.bytes.get(self.at).ok_or(WireError::Short)?;
        self.at += 1;
        Ok(b)
    }

    fn f32(&mut self) -> Result<f32, WireError> {
        Ok(f32::from_le_bytes([
            self.u8()?,
            self.u8()?,
            self.u8()?,
            self.u8()?,
        ]))
    }

    /// A code from 0 (none) to `options`, as an index into them.
    fn code(&mut self, options: usize) -> Result<Option<usize>, WireError> {
        let at = self.at;
        match usize::from(self.u8()?) {
            0 => Ok(None),
            c if c <= options => Ok(Some(c - 1)),
            _ => Err(WireError::Code(at)),
        }
    }

    fn reason(&mut self) -> Result<Option<Reason>, WireError> {
        Ok(self.code(Reason::PRIORITY.len())?.map(|i| Reason::PRIORITY[i]))
    }

    fn problem(&mut self) -> Result<Option<FaceProblem>, WireError> {
        Ok(self.code(PROBLEMS.len())?.map(|i| PROBLEMS[i]))
    }

    fn card(&mut self) -> Result<Option<Card>, WireError> {
        if self.code(1)?.is_none() {
            return Ok(None);
        }
        let mut corners = [(0.0, 0.0); 4];
        for c in &mut corners {
            *c = (self.f32()?, self.f32()?);
        }
        Ok(Some(Card {
            corners,
            cover: self.f32()?,
        }))
    }

    fn face(&mut self) -> Result<Option<FaceCheck>, WireError> {
        if self.code(1)?.is_none() {
            return Ok(None);
        }
        let problem = self.problem()?;
        let count = u16::from_le_bytes([self.u8()?, self.u8()?]);
        let faces = (0..count)
            .map(|_| {
                Ok(Face {
                    x: self.f32()?,
                    y: self.f32()?,
                    size: self.f32()?,
                    score: self.f32()?,
                    degrees: self.f32()?,
                })
            })
            .collect::<Result<_, WireError>>()?;
        Ok(Some(FaceCheck { faces, problem }))
    }
}

#[cfg(test)]
mod tests;
