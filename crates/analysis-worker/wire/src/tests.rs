use super::*;

fn image(width: u32, height: u32) -> LumaImage {
    let data = (0..width * height).map(|i| (i * 7 % 251) as u8).collect();
    LumaImage::new(width, height, data).unwrap()
}

fn face(i: u8) -> Face {
    let i = f32::from(i);
    Face {
        x: 100.5 + i,
        y: 80.25,
        size: 120.0 - i,
        score: 33.75,
        degrees: -30.0 + i,
    }
}

fn card() -> Card {
    Card {
        corners: [(12.5, 10.0), (600.25, 11.0), (601.0, 349.5), (13.0, -0.5)],
        cover: 0.875,
    }
}

#[test]
fn every_request_reads_back_as_written() {
    let requests = [
        Request::PrepareFaces,
        Request::Analyse {
            id: 7,
            kind: Kind::Document,
            faces: false,
            frame: image(64, 36),
        },
        Request::Analyse {
            id: u32::MAX,
            kind: Kind::Selfie,
            faces: true,
            frame: image(36, 64),
        },
        Request::CheckPicture {
            id: 0x0102_0304,
            image: ImageType::DocumentFront,
            framed: true,
            picture: image(3, 2),
        },
        Request::CheckPicture {
            id: 10,
            image: ImageType::DocumentBack,
            framed: true,
            picture: image(2, 2),
        },
        Request::CheckPicture {
            id: 9,
            image: ImageType::Selfie,
            framed: false,
            picture: image(1, 1),
        },
        Request::AnalyseVideoFrame {
            id: 11,
            kind: Kind::Selfie,
            faces: true,
            width: 1280,
            height: 720,
        },
    ];
    for request in requests {
        let bytes = request.encode();
        assert_eq!(bytes.len(), REQUEST_HEADER + request.pixels().len());
        assert_eq!(bytes[..REQUEST_HEADER], request.header());
        assert_eq!(Request::decode(bytes), Ok(request));
    }
}

#[test]
fn the_request_header_is_laid_out_as_documented() {
    let request = Request::Analyse {
        id: 0x0A0B_0C0D,
        kind: Kind::Selfie,
        faces: true,
        frame: image(640, 360),
    };
    assert_eq!(
        request.header(),
        [VERSION, 2, 1, 1, 0x0D, 0x0C, 0x0B, 0x0A, 0x80, 2, 0, 0, 0x68, 1, 0, 0]
    );
    let video_frame = Request::AnalyseVideoFrame {
        id: 3,
        kind: Kind::Document,
        faces: false,
        width: 640,
        height: 360,
    };
    assert_eq!(
        video_frame.header(),
        [VERSION, 4, 0, 0, 3, 0, 0, 0, 0x80, 2, 0, 0, 0x68, 1, 0, 0]
    );
    assert!(video_frame.pixels().is_empty());
    // A picture's byte 2 is its image type.
    for (code, image) in ImageType::ALL.into_iter().enumerate() {
        let picture = Request::CheckPicture {
            id: 1,
            image,
            framed: true,
            picture: LumaImage::filled(2, 2, 0).unwrap(),
        };
        assert_eq!(picture.header()[..4], [VERSION, 3, code as u8, 1]);
    }
}

#[test]
fn a_picture_of_an_unknown_image_type_is_refused() {
    let mut bytes = Request::CheckPicture {
        id: 6,
        image: ImageType::Selfie,
        framed: false,
        picture: image(2, 2),
    }
    .encode();
    bytes[2] = ImageType::ALL.len() as u8;
    assert_eq!(Request::decode(bytes), Err((6, WireError::Code(2))));
}

#[test]
fn a_bad_request_is_refused_with_its_id() {
    let good = Request::Analyse {
        id: 5,
        kind: Kind::Document,
        faces: false,
        frame: image(4, 4),
    }
    .encode();
    assert_eq!(Request::decode(good[..10].to_vec()), Err((0, WireError::Short)));
    let with = |at: usize, value: u8| {
        let mut bytes = good.clone();
        bytes[at] = value;
        Request::decode(bytes)
    };
    assert_eq!(with(0, VERSION + 1), Err((5, WireError::Version(VERSION + 1))));
    assert_eq!(with(1, 5), Err((5, WireError::Code(1))));
    // A video frame's header comes alone: pixels after it are not its.
    assert_eq!(with(1, 4), Err((5, WireError::Pixels)));
    assert_eq!(with(2, 2), Err((5, WireError::Code(2))));
    assert_eq!(with(3, 2), Err((5, WireError::Code(3))));
    // The size says 4x5, the pixels are 4x4.
    assert_eq!(with(12, 5), Err((5, WireError::Pixels)));
    let mut short = good.clone();
    short.pop();
    assert_eq!(Request::decode(short), Err((5, WireError::Pixels)));
}

#[test]
fn every_answer_reads_back_as_written() {
    let answers = [
        Answer::Listening,
        Answer::FacesReady,
        Answer::FacesFailed,
        Answer::Unreadable { id: 3 },
        Answer::Picture {
            id: 4,
            reason: None,
            face: None,
            no_portrait: false,
        },
        Answer::Picture {
            id: 5,
            reason: None,
            face: None,
            no_portrait: true,
        },
        Answer::Report {
            id: 1,
            report: FrameReport {
                reason: None,
                card: None,
                face: None,
            },
        },
        Answer::Report {
            id: 2,
            report: FrameReport {
                reason: Some(Reason::Glare),
                card: Some(card()),
                face: Some(FaceCheck {
                    faces: vec![],
                    problem: Some(FaceProblem::NotFound),
                }),
            },
        },
        Answer::Report {
            id: u32::MAX,
            report: FrameReport {
                reason: Some(Reason::Blur),
                card: None,
                face: Some(FaceCheck {
                    faces: vec![face(0), face(1), face(2)],
                    problem: None,
                }),
            },
        },
    ];
    for answer in answers {
        assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
    }
    for reason in Reason::PRIORITY {
        let answer = Answer::Picture {
            id: 8,
            reason: Some(reason),
            face: None,
            no_portrait: false,
        };
        assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
    }
    for problem in PROBLEMS {
        let answer = Answer::Picture {
            id: 9,
            reason: Some(Reason::Blur),
            face: Some(problem),
            no_portrait: false,
        };
        assert_eq!(answer.encode().len(), 6 + 3);
        assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
    }
    for problem in PROBLEMS {
        let answer = Answer::Report {
            id: 6,
            report: FrameReport {
                reason: None,
                card: None,
                face: Some(FaceCheck {
                    faces: vec![face(3)],
                    problem: Some(problem),
                }),
            },
        };
        assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
    }
}

#[test]
fn a_report_is_as_long_as_documented() {
    let report = |card, faces: usize| Answer::Report {
        id: 1,
        report: FrameReport {
            reason: None,
            card,
            face: Some(FaceCheck {
                faces: (0..faces as u8).map(face).collect(),
                problem: None,
            }),
        },
    };
    assert_eq!(report(None, 0).encode().len(), 6 + 1 + 1 + 4);
    assert_eq!(report(Some(card()), 2).encode().len(), 6 + 1 + 37 + 4 + 2 * 20);
}

#[test]
fn the_report_of_a_real_frame_reads_back() {
    let frame = LumaImage::filled(640, 360, 10).unwrap();
    let assessed = kyc_quality::assess(&frame, Kind::Document);
    let answer = Answer::Report {
        id: 1,
        report: FrameReport {
            reason: assessed.reason,
            card: assessed.metrics.card,
            face: None,
        },
    };
    assert_eq!(Answer::decode(&answer.encode()), Ok(answer));
}

#[test]
fn a_bad_answer_is_refused() {
    let good = Answer::Report {
        id: 2,
        report: FrameReport {
            reason: Some(Reason::TooDark),
            card: Some(card()),
            face: Some(FaceCheck {
                faces: vec![face(1)],
                problem: Some(FaceProblem::Rotated),
            }),
        },
    }
    .encode();
    // Every truncation is refused, and so is a byte too many.
    for len in 0..good.len() {
        assert_eq!(Answer::decode(&good[..len]), Err(WireError::Short), "{len}");
    }
    let mut long = good.clone();
    long.push(0);
    assert_eq!(Answer::decode(&long), Err(WireError::Code(good.len())));
    let with = |at: usize, value: u8| {
        let mut bytes = good.clone();
        bytes[at] = value;
        Answer::decode(&bytes)
    };
    assert_eq!(with(0, 0), Err(WireError::Version(0)));
    assert_eq!(with(1, 6), Err(WireError::Code(1)));
    // The reason, the card's flag, the face's flag, the face's problem.
    assert_eq!(with(6, 6), Err(WireError::Code(6)));
    assert_eq!(with(7, 2), Err(WireError::Code(7)));
    assert_eq!(with(8 + 36, 2), Err(WireError::Code(44)));
    assert_eq!(with(45, 8), Err(WireError::Code(45)));
    // A picture's face problem beyond the known ones.
    let mut picture = Answer::Picture {
        id: 3,
        reason: None,
        face: Some(FaceProblem::Rotated),
        no_portrait: true,
    }
    .encode();
    assert_eq!(picture[7], PROBLEMS.len() as u8);
    assert_eq!(picture[8], 1);
    let mut portrait = picture.clone();
    picture[7] += 1;
    assert_eq!(Answer::decode(&picture), Err(WireError::Code(7)));
    // The portrait's byte is 0 or 1.
    portrait[8] = 2;
    assert_eq!(Answer::decode(&portrait), Err(WireError::Code(8)));
}
