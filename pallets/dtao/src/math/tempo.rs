//! The epoch schedule (spec §4 step 7): subnet `netuid` with tempo `tempo` has an epoch at every
//! block `b` with `(b + netuid + 1) % (tempo + 1) == 0`. Adding the netuid staggers the subnets'
//! epochs over consecutive blocks. Tempo 0 means no epochs.

/// Whether `netuid` has an epoch at `block`.
pub fn epoch_due(block: u64, netuid: u16, tempo: u16) -> bool {
	if tempo == 0 {
		return false;
	}
	let position = u128::from(block).saturating_add(u128::from(netuid)).saturating_add(1);
	position.checked_rem(u128::from(tempo).saturating_add(1)) == Some(0)
}

/// The first block after `now` at which `netuid` has an epoch (`None` with tempo 0).
pub fn next_epoch(now: u64, netuid: u16, tempo: u16) -> Option<u64> {
	if tempo == 0 {
		return None;
	}
	let period = u64::from(tempo).saturating_add(1);
	// (b + netuid + 1) % period == 0: b = k*period - netuid - 1.
	let offset = u64::from(netuid).saturating_add(1).checked_rem(period).unwrap_or(0);
	let phase = now.saturating_add(offset).checked_rem(period).unwrap_or(0);
	let wait = period.saturating_sub(phase);
	let next = now.saturating_add(if wait == 0 { period } else { wait });
	debug_assert!(epoch_due(next, netuid, tempo));
	Some(next)
}
