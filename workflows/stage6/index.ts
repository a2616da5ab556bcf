/** Stage 6 "Development of options": options appraisal and the five-case Outline Business Case gate. Pure functions only. */
export * from './common';
export * from './appraisal';
export * from './options';
export * from './assurance';
export * from './business-case';
export * from './gate';
export * from './render';
