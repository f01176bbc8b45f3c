//! OpenGov: three tracks, on the governance clock (`GOV_DAY`: a day on the production runtime, a
//! minute of 2 s blocks with `fast-blocks`).
//!
//! - `root` dispatches as Root: pallet-dtao's parameters, runtime upgrades. One referendum at a
//!   time, 1,000 TAO decision deposit, 2 governance hours to prepare, 14 days to decide, a day
//!   of confirmation and a day before enactment. Approval falls from 100% to 50% over the
//!   decision period; support (turnout as a share of all TAO) from 50% to a floor of 5%, so a
//!   referendum nobody votes on, or one small aye, never passes.
//! - `referendum_canceller` cancels a referendum (deposits returned) and `referendum_killer`
//!   kills one (deposits slashed): each decides in hours, with up to 10 at once, so a bad root
//!   referendum can be stopped while it is still confirming.

use crate::{Balance, BlockNumber, OriginCaller, GOV_DAY, TAO};
use alloc::borrow::Cow;
use pallet_referenda::{Curve, Track, TrackInfo};
use sp_runtime::{str_array as s, Perbill};

pub use pallet_custom_origins::Origin;

/// The governance origins of this chain besides Root: what the cancel and kill tracks dispatch
/// with.
#[frame_support::pallet]
pub mod pallet_custom_origins {
	use frame_support::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// An origin a referendum on a governance track dispatches with.
	#[derive(PartialEq, Eq, Clone, MaxEncodedLen, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
	#[pallet::origin]
	pub enum Origin {
		/// May cancel a referendum (its deposits are returned).
		ReferendumCanceller,
		/// May kill a referendum (its deposits are slashed).
		ReferendumKiller,
	}

	macro_rules! ensure_origin {
		($name:ident, $variant:ident) => {
			#[doc = concat!("Ensures the `", stringify!($variant), "` origin.")]
			pub struct $name;
			impl<O: Into<Result<Origin, O>> + From<Origin>> EnsureOrigin<O> for $name {
				type Success = ();
				fn try_origin(o: O) -> Result<Self::Success, O> {
					o.into().and_then(|o| match o {
						Origin::$variant => Ok(()),
						r => Err(O::from(r)),
					})
				}
				#[cfg(feature = "runtime-benchmarks")]
				fn try_successful_origin() -> Result<O, ()> {
					Ok(O::from(Origin::$variant))
				}
			}
		};
	}
	ensure_origin!(ReferendumCanceller, ReferendumCanceller);
	ensure_origin!(ReferendumKiller, ReferendumKiller);
}

/// The tracks of this chain.
pub struct TracksInfo;

/// The root track's id.
pub const ROOT_TRACK: u16 = 0;
/// The canceller track's id.
pub const CANCELLER_TRACK: u16 = 1;
/// The killer track's id.
pub const KILLER_TRACK: u16 = 2;

/// A governance hour (`GOV_DAY / 24`).
const GOV_HOUR: BlockNumber = GOV_DAY / 24;

/// Approval from 100% to 50% over the decision period.
const APPROVAL: Curve = Curve::LinearDecreasing {
	length: Perbill::from_percent(100),
	floor: Perbill::from_percent(50),
	ceil: Perbill::from_percent(100),
};

/// A track that stops a referendum: fast, small deposit, support from 10% down to 1%.
const fn stopper(id: u16, name: [u8; 25]) -> Track<u16, Balance, BlockNumber> {
	Track {
		id,
		info: TrackInfo {
			name,
			max_deciding: 10,
			decision_deposit: 100 * TAO,
			prepare_period: GOV_HOUR,
			decision_period: 7 * GOV_DAY,
			confirm_period: 3 * GOV_HOUR,
			min_enactment_period: 1,
			min_approval: APPROVAL,
			min_support: Curve::LinearDecreasing {
				length: Perbill::from_percent(100),
				floor: Perbill::from_percent(1),
				ceil: Perbill::from_percent(10),
			},
		},
	}
}

impl pallet_referenda::TracksInfo<Balance, BlockNumber> for TracksInfo {
	type Id = u16;
	type RuntimeOrigin = <crate::RuntimeOrigin as frame_support::traits::OriginTrait>::PalletsOrigin;

	fn tracks() -> impl Iterator<Item = Cow<'static, Track<Self::Id, Balance, BlockNumber>>> {
		static DATA: [Track<u16, Balance, BlockNumber>; 3] = [
			Track {
				id: ROOT_TRACK,
				info: TrackInfo {
					name: s("root"),
					max_deciding: 1,
					decision_deposit: 1_000 * TAO,
					prepare_period: 2 * GOV_HOUR,
					decision_period: 14 * GOV_DAY,
					confirm_period: GOV_DAY,
					min_enactment_period: GOV_DAY,
					min_approval: APPROVAL,
					min_support: Curve::LinearDecreasing {
						length: Perbill::from_percent(100),
						floor: Perbill::from_percent(5),
						ceil: Perbill::from_percent(50),
					},
				},
			},
			stopper(CANCELLER_TRACK, s("referendum_canceller")),
			stopper(KILLER_TRACK, s("referendum_killer")),
		];
		DATA.iter().map(Cow::Borrowed)
	}

	fn track_for(origin: &Self::RuntimeOrigin) -> Result<Self::Id, ()> {
		match origin {
			OriginCaller::system(frame_system::RawOrigin::Root) => Ok(ROOT_TRACK),
			OriginCaller::Origins(Origin::ReferendumCanceller) => Ok(CANCELLER_TRACK),
			OriginCaller::Origins(Origin::ReferendumKiller) => Ok(KILLER_TRACK),
			_ => Err(()),
		}
	}
}
