import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-7S5CDHOW.js";
import "./chunk-66B6WJQO.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
