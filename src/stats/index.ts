export { mean, variance, std, median } from "./summary";
