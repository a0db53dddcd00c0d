// Filled by its own issue; see the README's package map.
export {};
