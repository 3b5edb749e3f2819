"""What every layer shares: findings and their positions, did-you-mean hints, making user text inert, and writing files without losing anything."""
