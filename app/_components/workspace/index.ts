// The exercise workspace, for lessons (`<Exercise id="..." />`) and the exercise page.
export { Exercise } from "./exercise";
