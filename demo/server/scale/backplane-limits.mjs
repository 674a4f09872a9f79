/** How many recent chat messages a newcomer gets (the history kept, in memory or in Redis). */
export const HISTORY_SIZE = 50;
