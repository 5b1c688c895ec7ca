import { z } from 'zod';
import { isDefaultCategory } from '../categories.js';

/**
 * The question-set file: what organizers upload and what `questions/default.json` is written in.
 * Every model answers every question, one answer per turn, so every (question, model pair) is a cell to vote on.
 */
export const QUESTION_SET_FORMAT = 'arena-question-set/1';

const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" or "-", at most 64, starting with a letter or digit');
/** Text that is valid Unicode: an unpaired surrogate cannot be stored as UTF-8 and would come back as U+FFFD. */
const wellFormed = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !/\p{Cs}/u.test(text), 'contains an unpaired UTF-16 surrogate (not valid Unicode)');
const nonBlank = (max: number) => wellFormed(max).refine((text) => text.trim().length > 0, 'must not be empty');

export const categoryIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and "_", at most 40, starting with a letter');

export const categoryDeclarationSchema = z.strictObject({
  id: categoryIdSchema,
  name: nonBlank(100),
  rubric: wellFormed(5000).optional(),
});

export const modelDeclarationSchema = z.strictObject({
  // Names as model makers write them ("gpt-4", "Llama-2-70b-chat", "claude-v1.3"): no spaces or slashes.
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}$/, 'letters, digits, ".", "_", ":", "+" or "-", at most 128, no spaces'),
  description: wellFormed(2000).optional(),
});

export const questionSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'letters, digits, ".", "_" or "-", at most 128'),
  category: categoryIdSchema,
  language: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a BCP 47 language tag such as "en" or "zh-Hans"')
    .default('en'),
  turns: z.array(nonBlank(100_000)).min(1).max(20),
  answers: z.record(z.string(), z.array(nonBlank(200_000)).min(1).max(20)),
});

/** Cells (question × model pair) one set may hold: each is a row, and an import builds them all in one transaction. */
export const MAX_CELLS_PER_SET = 1_000_000;

export const questionSetFileSchema = z
  .strictObject({
    format: z.literal(QUESTION_SET_FORMAT),
    id: slug,
    name: nonBlank(200),
    description: wellFormed(5000).optional(),
    categories: z.array(categoryDeclarationSchema).max(100).default([]),
    models: z.array(modelDeclarationSchema).min(2).max(200),
    questions: z.array(questionSchema).min(1).max(100_000),
  })
  .superRefine((set, ctx) => {
    const modelNames = new Set<string>();
    set.models.forEach((model, i) => {
      if (modelNames.has(model.name)) {
        ctx.addIssue({ code: 'custom', path: ['models', i, 'name'], message: `duplicate model "${model.name}"` });
      }
      modelNames.add(model.name);
    });
    const declaredCategories = new Set<string>();
    set.categories.forEach((category, i) => {
      if (declaredCategories.has(category.id)) {
        ctx.addIssue({ code: 'custom', path: ['categories', i, 'id'], message: `category "${category.id}" is declared twice` });
      }
      declaredCategories.add(category.id);
    });
    const cells = set.questions.length * ((modelNames.size * (modelNames.size - 1)) / 2);
    if (cells > MAX_CELLS_PER_SET) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: `${set.questions.length} questions × ${(modelNames.size * (modelNames.size - 1)) / 2} model pairs make ${cells} cells; a set holds at most ${MAX_CELLS_PER_SET}`,
      });
    }
    const questionIds = new Set<string>();
    set.questions.forEach((question, q) => {
      if (questionIds.has(question.id)) {
        ctx.addIssue({ code: 'custom', path: ['questions', q, 'id'], message: `duplicate question id "${question.id}"` });
      }
      questionIds.add(question.id);
      if (!isDefaultCategory(question.category) && !declaredCategories.has(question.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', q, 'category'],
          message: `unknown category "${question.category}": use a default category or declare it in "categories"`,
        });
      }
      for (const name of modelNames) {
        // Own keys only: a model named "constructor" or "toString" is not answered by Object.prototype.
        if (!Object.hasOwn(question.answers, name)) {
          ctx.addIssue({ code: 'custom', path: ['questions', q, 'answers'], message: `no answer from model "${name}"` });
        }
      }
      for (const [name, turns] of Object.entries(question.answers)) {
        if (!modelNames.has(name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', q, 'answers', name],
            message: `answer from undeclared model "${name}"`,
          });
        } else if (turns.length !== question.turns.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', q, 'answers', name],
            message: `has ${turns.length} turns, the question has ${question.turns.length}`,
          });
        }
      }
    });
  });

export type QuestionSetFile = z.infer<typeof questionSetFileSchema>;
export type QuestionSetFileInput = z.input<typeof questionSetFileSchema>;
export type QuestionInFile = z.infer<typeof questionSchema>;
export type CategoryDeclaration = z.infer<typeof categoryDeclarationSchema>;
