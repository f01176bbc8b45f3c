//! OpenGov tracks. One track, `root`, dispatches with Root origin: parameter changes of
//! `pallet-dtao` and runtime upgrades go through it. Periods are short so a dev chain (2 s
//! blocks) decides a referendum in about a minute; a production chain would lengthen them.

use crate::{Balance, BlockNumber, OriginCaller, TAO};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array as s, Perbill};

/// The tracks of this chain.
pub struct TracksInfo;

/// The root track's id.
pub const ROOT_TRACK: u16 = 0;

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin = <crate::RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		static DATA: [Track<u16, Balance, BlockNumber>; 1] = [Track {
			id: ROOT_TRACK,
			info: TrackInfo {
				name: s("root"),
				max_deciding: 1,
				decision_deposit: 10 * TAO,
				prepare_period: 2,
				decision_period: 20,
				confirm_period: 2,
				min_enactment_period: 1,
				min_approval: Curve::LinearDecreasing {
					length: Perbill::from_percent(100),
					floor: Perbill::from_percent(50),
					ceil: Perbill::from_percent(100),
				},
				min_support: Curve::LinearDecreasing {
					length: Perbill::from_percent(100),
					floor: Perbill::from_percent(0),
					ceil: Perbill::from_percent(50),
				},
			},
		}];
		DATA.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT_TRACK),
			_ => Err(()),
		}
	}
}
