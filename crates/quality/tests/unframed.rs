//! `assess_unframed`: the card-position check is skipped, the others are not.

use kyc_quality::{assess, assess_unframed, synth, Kind, Reason};

#[test]
fn a_card_away_from_the_guide_is_only_refused_when_the_framing_is_known() {
    let frame = synth::off_frame(640, 360, 3, 0.3, 0.2);
    assert_eq!(
        assess(&frame, Kind::Document).reason,
        Some(Reason::DocumentNotFound)
    );
    let unframed = assess_unframed(&frame, Kind::Document);
    assert!(unframed.is_good(), "{unframed:?}");
    assert_eq!(unframed.metrics.document, None);
}

#[test]
fn unframed_pictures_are_still_checked_for_light_glare_and_blur() {
    let card = synth::document(640, 360, 5);
    let blurred = synth::gaussian_blur(&card, 3.0);
    assert_eq!(
        assess_unframed(&blurred, Kind::Document).reason,
        Some(Reason::Blur)
    );
    let dark = synth::darken(&card, 0.25);
    assert_eq!(
        assess_unframed(&dark, Kind::Document).reason,
        Some(Reason::TooDark)
    );
    let glare = synth::with_glare(&card, 320.0, 180.0, 60.0);
    assert_eq!(
        assess_unframed(&glare, Kind::Document).reason,
        Some(Reason::Glare)
    );
    assert!(assess_unframed(&card, Kind::Document).is_good());
}
