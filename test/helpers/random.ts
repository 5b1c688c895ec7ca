/** Tests use the same seeded generator as the bootstrap, so randomness in a test is repeatable. */
export { mulberry32 as seededRandom } from '../../shared/stats/random.js';
