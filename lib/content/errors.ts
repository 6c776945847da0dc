/** A problem in the course content (a lesson, the glossary): the message names the file and what is wrong. */
export class ContentError extends Error {
  override name = "ContentError";
}
