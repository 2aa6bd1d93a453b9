/** The time. Core code never reads the clock itself; tests and compressed local runs set it. */
export interface Clock {
  now(): Date;
}
